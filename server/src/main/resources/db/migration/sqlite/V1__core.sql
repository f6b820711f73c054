-- Core schema. Timestamps are epoch milliseconds (BIGINT) so the same DML runs on SQLite and PostgreSQL.

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'departed')),
    password_hash TEXT,
    created_at    BIGINT  NOT NULL,
    departed_at   BIGINT
);

-- Every address a staff member sends from. Internal addresses never become contacts.
CREATE TABLE user_email (
    address    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL
);
CREATE INDEX user_email_user ON user_email (user_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    token_prefix TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE organization (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    domain     TEXT    NOT NULL UNIQUE,
    created_by INTEGER REFERENCES app_user (id),
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX organization_name ON organization (name);

CREATE TABLE org_domain (
    domain          TEXT    PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE
);
CREATE INDEX org_domain_org ON org_domain (organization_id);

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    display_name    TEXT,
    organization_id INTEGER REFERENCES organization (id),
    title           TEXT,
    phones          TEXT    NOT NULL DEFAULT '[]',
    -- JSON array of field names a person edited by hand; enrichment never overwrites those.
    edited_fields   TEXT    NOT NULL DEFAULT '[]',
    source          TEXT    NOT NULL,
    created_by      INTEGER REFERENCES app_user (id),
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    merged_into     INTEGER REFERENCES contact (id)
);
CREATE INDEX contact_org ON contact (organization_id);
CREATE INDEX contact_name ON contact (display_name);
CREATE INDEX contact_merged ON contact (merged_into);

CREATE TABLE contact_email (
    address    TEXT    PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL
);
CREATE INDEX contact_email_contact ON contact_email (contact_id);

CREATE TABLE message (
    id                  INTEGER PRIMARY KEY,
    internet_message_id TEXT    UNIQUE,
    fingerprint         TEXT    NOT NULL UNIQUE,
    thread_key          TEXT    NOT NULL,
    subject             TEXT,
    subject_norm        TEXT    NOT NULL,
    participants_hash   TEXT    NOT NULL,
    sent_at             BIGINT  NOT NULL,
    snippet             TEXT,
    body                TEXT,
    from_address        TEXT,
    source              TEXT    NOT NULL,
    private             INTEGER NOT NULL DEFAULT 0,
    captured_by         INTEGER REFERENCES app_user (id),
    captured_at         BIGINT  NOT NULL
);
CREATE INDEX message_thread ON message (thread_key, sent_at);
CREATE INDEX message_subject_thread ON message (subject_norm, participants_hash, sent_at);
CREATE INDEX message_sent ON message (sent_at);

-- Provider ids under which a message is known (Graph id, Gmail id, ...), for later matching.
CREATE TABLE message_ref (
    provider    TEXT    NOT NULL,
    provider_id TEXT    NOT NULL,
    message_id  INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    PRIMARY KEY (provider, provider_id)
);
CREATE INDEX message_ref_message ON message_ref (message_id);

-- The staff mailboxes a message was seen in (copy owners).
CREATE TABLE message_copy (
    message_id  INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    source      TEXT    NOT NULL,
    captured_at BIGINT  NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_copy_user ON message_copy (user_id, message_id);

CREATE TABLE message_party (
    message_id INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('from', 'to', 'cc')),
    address    TEXT    NOT NULL,
    name       TEXT,
    contact_id INTEGER REFERENCES contact (id),
    user_id    INTEGER REFERENCES app_user (id),
    PRIMARY KEY (message_id, role, address)
);
CREATE INDEX message_party_contact ON message_party (contact_id, message_id);
CREATE INDEX message_party_user ON message_party (user_id, message_id);
CREATE INDEX message_party_address ON message_party (address);

-- Derived from message_party; rebuildable at any time.
-- score is the decayed strength expressed at a fixed reference epoch (see relationships.Strength),
-- so it can be incremented in any order and ranks pairs the same way at every moment.
CREATE TABLE relationship (
    user_id        INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    first_at       BIGINT  NOT NULL,
    last_at        BIGINT  NOT NULL,
    sent_count     INTEGER NOT NULL DEFAULT 0,
    received_count INTEGER NOT NULL DEFAULT 0,
    message_count  INTEGER NOT NULL DEFAULT 0,
    score          DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at     BIGINT  NOT NULL,
    PRIMARY KEY (user_id, contact_id)
);
CREATE INDEX relationship_contact ON relationship (contact_id, score);

CREATE TABLE activity (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    kind       TEXT    NOT NULL,
    subject_id INTEGER,
    detail     TEXT,
    at         BIGINT  NOT NULL
);
CREATE INDEX activity_user_at ON activity (user_id, at);
CREATE INDEX activity_kind_at ON activity (kind, at);

CREATE TABLE setting (
    name       TEXT   PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE block_rule (
    id         INTEGER PRIMARY KEY,
    pattern    TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL CHECK (kind IN ('address', 'domain')),
    created_by INTEGER REFERENCES app_user (id),
    created_at BIGINT  NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER REFERENCES app_user (id),
    action      TEXT    NOT NULL,
    target_type TEXT    NOT NULL,
    target_id   TEXT,
    before_json TEXT,
    after_json  TEXT,
    at          BIGINT  NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Idempotency-Key support: a replay of the same key by the same user gets the first answer.
CREATE TABLE idempotency_key (
    user_id       INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    idem_key      TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    status        INTEGER NOT NULL,
    response_body TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
