-- contact.info_at: when the newest information in a contact record dates from, for the dashboard's "updated in the
-- last 30 days" and "stale" (DESIGN.md §6). A contact taken from mail carries the sent date of that mail (never later
-- than when it was stored); a person's edit, an address book or a new message's signature moves it to that time.
-- updated_at stays what the API's updatedAt says: when the row last changed. It cannot serve both: a contact created
-- today from 2001 mail must not read as updated now, and an updatedAt older than createdAt would hide new contacts
-- from a client that polls for changes.
-- SQLite adds a NOT NULL column only with a default; every insert sets it.
ALTER TABLE contact ADD COLUMN info_at BIGINT NOT NULL DEFAULT 0;
UPDATE contact SET info_at = updated_at;
-- Contacts taken from mail that no person edited: each change to them was capture (a name, a signature's phones)
-- or a merge, so their information is as new as their newest message, at most. That brings back to its mail's dates
-- a mailbox imported before this column existed, at the price of an address-book fill of such a contact reading as
-- old as its mail.
UPDATE contact SET info_at = MIN(updated_at, COALESCE(
        (SELECT MAX(p.sent_at) FROM message_party p WHERE p.contact_id = contact.id), updated_at))
    WHERE source IN ('outlook', 'gmail', 'graph-sync', 'gmail-sync', 'import', 'api') AND edited_fields = '[]';
-- The dashboard counted by updated_at; nothing else reads contacts by that range.
DROP INDEX contact_updated;
CREATE INDEX contact_info ON contact (info_at);
