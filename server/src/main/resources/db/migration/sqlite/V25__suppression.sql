-- Erasure on request (GDPR art. 17): the addresses of an erased person, so that a later capture or import of the
-- same address does not silently bring the erased history back. Only a SHA-256 of the normalised address is kept:
-- enough to recognise the address when it turns up again, without keeping the address itself.
CREATE TABLE suppression (
    id           INTEGER PRIMARY KEY,
    address_hash TEXT    NOT NULL UNIQUE,
    reason       TEXT    NOT NULL,
    created_by   INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL
);
