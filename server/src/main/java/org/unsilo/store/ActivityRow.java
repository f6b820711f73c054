package org.unsilo.store;

/** Who did what, when: feeds the adoption dashboard. */
public record ActivityRow(Long userId, String kind, Long subjectId, String detail, long at) {
}
