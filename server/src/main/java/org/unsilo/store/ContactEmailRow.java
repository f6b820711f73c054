package org.unsilo.store;

public record ContactEmailRow(String address, long contactId) {
}
