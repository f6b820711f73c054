package org.unsilo.store;

/** A domain one staff member chose never to capture. */
public record UserDomainRow(long userId, String domain) {
}
