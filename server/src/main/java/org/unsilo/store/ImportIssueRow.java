package org.unsilo.store;

public record ImportIssueRow(long id, long jobId, String item, String reason, long at) {
}
