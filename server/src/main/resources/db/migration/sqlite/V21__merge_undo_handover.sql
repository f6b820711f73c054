-- What a contact merge moved, so one click can undo it: the addresses that came from the source, the contacts that
-- had been merged into the source (re-pointed to the target), and whether the target took the source's name or
-- organisation because its own were empty. One row per source contact.
CREATE TABLE contact_merge (
    id           INTEGER PRIMARY KEY,
    target_id    INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    source_id    INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    emails       TEXT    NOT NULL,
    absorbed_ids TEXT    NOT NULL,
    filled_name  INTEGER NOT NULL,
    filled_org   INTEGER NOT NULL,
    actor_id     INTEGER REFERENCES app_user (id),
    merged_at    BIGINT  NOT NULL,
    undone_at    BIGINT
);
CREATE INDEX contact_merge_target ON contact_merge (target_id);
CREATE INDEX contact_merge_source ON contact_merge (source_id);

-- Leavers (DESIGN.md §6): a departed colleague's relationships stay as they are (history intact) and each one is
-- handed over to an active colleague, who becomes the person to ask about that contact.
CREATE TABLE relationship_handover (
    from_user_id   INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    to_user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    handed_over_by INTEGER REFERENCES app_user (id),
    handed_over_at BIGINT  NOT NULL,
    PRIMARY KEY (from_user_id, contact_id)
);
CREATE INDEX relationship_handover_contact ON relationship_handover (contact_id);
CREATE INDEX relationship_handover_to ON relationship_handover (to_user_id);

-- Company domains added by an admin in the web view, on top of UNSILO_INTERNAL_DOMAINS.
CREATE TABLE internal_domain (
    domain     TEXT    PRIMARY KEY,
    created_by INTEGER REFERENCES app_user (id),
    created_at BIGINT  NOT NULL
);

-- Domains a staff member never wants captured from their mailbox (my settings → privacy).
CREATE TABLE user_private_domain (
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    domain     TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, domain)
);

-- Indexes for the web view's pages: adoption over a period (activity by time), recently touched and stale contacts,
-- follow-up gaps and cooling lists (relationships by last contact), duplicate names.
CREATE INDEX activity_at ON activity (at);
CREATE INDEX relationship_user_last ON relationship (user_id, last_at);
CREATE INDEX relationship_last ON relationship (last_at);
CREATE INDEX contact_updated ON contact (updated_at);
CREATE INDEX contact_name_lower ON contact (LOWER(display_name));
