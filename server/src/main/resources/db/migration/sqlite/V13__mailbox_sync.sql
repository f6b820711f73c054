-- Mailbox and address-book sync (DESIGN.md §9): one connection per user and provider, its encrypted refresh
-- token, its cursors (one per stream), the OAuth sign-ins under way, and one row per sync round for status.

CREATE TABLE mailbox_connection (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    provider          TEXT    NOT NULL CHECK (provider IN ('microsoft', 'google')),
    -- base64(nonce || AES-GCM ciphertext) with a key id prefix; the AAD binds it to user and provider.
    refresh_token     TEXT,
    -- pending (no round yet), syncing, healthy, incomplete (last round stopped part-way), broken (needs reconnect)
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'syncing', 'healthy', 'incomplete', 'broken')),
    last_error        TEXT,
    last_error_at     BIGINT,
    last_success_at   BIGINT,
    -- A round holds the connection until this time (renewed per page), so two processes never sync one mailbox.
    lease_until       BIGINT,
    -- JSON array of the folders/labels to read (empty = the provider's default). Domains never to capture are the
    -- user's own list (user_private_domain), which the capture path applies to sync as to everything else.
    folders           TEXT    NOT NULL DEFAULT '[]',
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    UNIQUE (user_id, provider)
);

-- A stream is one resumable listing (Graph folder delta, contacts delta, Gmail history, People connections).
-- kind 'page' is a position inside a round (nextLink, pageToken); 'complete' starts the next round
-- (deltaLink, historyId, syncToken). A cursor is written in the transaction that stored its page.
CREATE TABLE sync_cursor (
    connection_id INTEGER NOT NULL REFERENCES mailbox_connection (id) ON DELETE CASCADE,
    stream        TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('page', 'complete')),
    cursor        TEXT    NOT NULL,
    -- Gmail: the historyId to continue from once a paged first listing is complete.
    round_mark    TEXT,
    updated_at    BIGINT  NOT NULL,
    PRIMARY KEY (connection_id, stream)
);

CREATE TABLE sync_round (
    id                INTEGER PRIMARY KEY,
    connection_id     INTEGER NOT NULL REFERENCES mailbox_connection (id) ON DELETE CASCADE,
    started_at        BIGINT  NOT NULL,
    finished_at       BIGINT,
    status            TEXT    NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
    messages_fetched  BIGINT  NOT NULL DEFAULT 0,
    messages_stored   BIGINT  NOT NULL DEFAULT 0,
    messages_new      BIGINT  NOT NULL DEFAULT 0,
    messages_skipped  BIGINT  NOT NULL DEFAULT 0,
    messages_removed  BIGINT  NOT NULL DEFAULT 0,
    contacts_fetched  BIGINT  NOT NULL DEFAULT 0,
    contacts_stored   BIGINT  NOT NULL DEFAULT 0,
    contacts_created  BIGINT  NOT NULL DEFAULT 0,
    pages             BIGINT  NOT NULL DEFAULT 0,
    error             TEXT
);
CREATE INDEX sync_round_connection ON sync_round (connection_id, id);

-- OAuth sign-ins under way: the state is kept as its SHA-256 hash, the PKCE verifier encrypted.
CREATE TABLE oauth_state (
    state_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    provider      TEXT    NOT NULL,
    code_verifier TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL
);
