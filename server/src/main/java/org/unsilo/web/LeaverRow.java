package org.unsilo.web;

import org.unsilo.store.UserRow;

/** A departed colleague and how many of their relationships still wait for a new owner. */
public record LeaverRow(UserRow user, long open) {
}
