-- Imports of mail archives and address books: resumable jobs with a checkpoint, counts and per-item issues.

CREATE TABLE import_job (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('mail', 'contacts')),
    source      TEXT    NOT NULL,
    -- kind + canonical source + options: running the same import again finds this job and resumes it.
    job_key     TEXT    NOT NULL UNIQUE,
    options     TEXT    NOT NULL DEFAULT '{}',
    owner_id    INTEGER REFERENCES app_user (id),
    status      TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total       BIGINT,
    processed   BIGINT  NOT NULL DEFAULT 0,
    checkpoint  TEXT,
    counts      TEXT    NOT NULL DEFAULT '{}',
    error       TEXT,
    created_by  INTEGER REFERENCES app_user (id),
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    finished_at BIGINT
);

-- Items an import could not use (malformed message, unreadable card), with where and why.
CREATE TABLE import_issue (
    id     INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    item   TEXT    NOT NULL,
    reason TEXT    NOT NULL,
    at     BIGINT  NOT NULL,
    UNIQUE (job_id, item)
);
