-- Where enriched contact fields came from (DESIGN.md §5.8): one row per value that capture took from a
-- sender's e-mail signature and wrote into an empty field, so "where did this phone come from?" has an
-- answer. Rows are history: a person may have edited the field since. The contact's rows go with it;
-- a deleted message leaves the row with no source rather than losing the record that it was taken.
CREATE TABLE contact_enrichment (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    field      TEXT    NOT NULL CHECK (field IN ('phone', 'title', 'company')),
    value      TEXT    NOT NULL,
    -- For phones: what the signature line called the number (work, mobile, home), or NULL.
    label      TEXT,
    message_id INTEGER REFERENCES message (id) ON DELETE SET NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX contact_enrichment_contact ON contact_enrichment (contact_id, id);
CREATE INDEX contact_enrichment_message ON contact_enrichment (message_id);
