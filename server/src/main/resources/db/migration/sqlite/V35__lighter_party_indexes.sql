-- Fewer index entries per stored message party: every capture and import writes three or more party rows, and on the
-- single SQLite writer each index entry is a B-tree insert (bench/README.md, "Known costs", fifth session).

-- (contact_id, message_id) is served by message_party_contact_sent, which starts with contact_id too.
DROP INDEX message_party_contact;

-- Only staff parties carry a user, and only contact parties a contact: the other rows (about half of each) no
-- longer get an entry they can never be found by. Every query names a value (user_id = ..., contact_id = ... or
-- IN ...), which the database knows implies IS NOT NULL, so the partial indexes serve all of them.
DROP INDEX message_party_user;
CREATE INDEX message_party_user ON message_party (user_id, message_id) WHERE user_id IS NOT NULL;
DROP INDEX message_party_contact_sent;
CREATE INDEX message_party_contact_sent ON message_party (contact_id, sent_at DESC, message_id DESC)
    WHERE contact_id IS NOT NULL;
