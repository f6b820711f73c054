-- Web view sign-in (DESIGN.md §11). A browser holds a random session token in an HttpOnly cookie; only its SHA-256
-- hash is stored, so a copy of the database does not let anyone in. The CSRF token is per session and is sent back
-- by every form (hidden field) and by htmx (header).
CREATE TABLE web_session (
    token_hash   TEXT    PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL
);
CREATE INDEX web_session_user ON web_session (user_id);
CREATE INDEX web_session_expires ON web_session (expires_at);
