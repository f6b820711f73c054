-- "Log when sent" from the Outlook compose pane. When the message is sent, the add-in knows its subject and
-- recipients but not yet its Internet Message-ID, so it leaves this note. The first capture of the sent message
-- by the same user (the read pane on the sent item, or mailbox sync) resolves it; the message itself is stored
-- only by that capture, once.
CREATE TABLE pending_capture (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    subject      TEXT,
    subject_norm TEXT    NOT NULL,
    -- Sorted, lower-cased recipient addresses (To and Cc), comma-separated: the match key with subject_norm.
    recipients   TEXT    NOT NULL,
    private      INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL,
    message_id   INTEGER REFERENCES message (id) ON DELETE SET NULL,
    matched_at   BIGINT
);
CREATE INDEX pending_capture_user ON pending_capture (user_id, subject_norm, recipients);
