package org.unsilo.store;

/** An admin's rule: never capture this address, or anyone at this domain. */
public record BlockRuleRow(long id, String pattern, String kind) {
}
