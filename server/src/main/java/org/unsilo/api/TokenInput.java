package org.unsilo.api;

/** Body of the token-creating routes. */
record TokenInput(String name) {

    String nameOrDefault() {
        return name == null || name.isBlank() ? "API token" : name.strip();
    }
}
