package org.unsilo.privacy;

import java.time.Instant;

/** An erased person's address, kept only as a hash, that capture, import and contact edits turn away. */
public record Suppression(long id, String addressHash, String reason, Long createdBy, Instant createdAt) {
}
