-- Sign-in identities from outside (Entra ID, Google) linked to staff accounts. The subject is the provider's
-- stable id (Entra oid, Google sub), so a renamed mailbox still maps to the same person.
CREATE TABLE user_identity (
    provider     TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    user_id      BIGINT  NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    email        TEXT,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identity_user ON user_identity (user_id);
