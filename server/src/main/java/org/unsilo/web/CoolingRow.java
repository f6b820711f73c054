package org.unsilo.web;

import java.time.Instant;
import org.unsilo.contacts.Views;
import org.unsilo.store.UserRow;

/** A relationship gone quiet: with whom, whose, since when, and the usual gap between their messages. */
public record CoolingRow(Views.Contact contact, UserRow staff, Instant lastContactAt, long usualGapDays, double score) {
}
