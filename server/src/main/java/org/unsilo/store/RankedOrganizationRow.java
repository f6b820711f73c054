package org.unsilo.store;

/** An organisation with the summed strength of the company's relationships there and the last contact (0: none). */
public record RankedOrganizationRow(long id, String name, String domain, double score, long lastAt, long contacts) {
}
