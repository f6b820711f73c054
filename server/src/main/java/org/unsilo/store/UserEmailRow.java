package org.unsilo.store;

/** A staff member's sending address. */
public record UserEmailRow(String address, long userId) {
}
