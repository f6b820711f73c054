package org.unsilo.config;

/** A setting is missing or malformed; the message says which one and why. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
