-- "Recent conversations with a contact" (every lookup) and the contact timeline sorted all of a contact's messages
-- by message.sent_at before applying LIMIT: ~150 µs per contact on average, tens of ms for the busiest ones.
-- A copy of the message's sent_at on each party row lets an index on (contact_id, sent_at, message_id) return the
-- newest rows first, so a timeline page reads about LIMIT rows. A message's sent_at never changes after capture,
-- so the copy cannot go stale; CaptureService sets it when it inserts the parties.
-- Both trailing columns are DESC so that "ORDER BY sent_at DESC, message_id DESC" (the timeline cursor order) is
-- the index order itself; a mixed-direction index would need a sort step on ties.
ALTER TABLE message_party ADD COLUMN sent_at BIGINT;

UPDATE message_party SET sent_at = (SELECT m.sent_at FROM message m WHERE m.id = message_party.message_id);

CREATE INDEX message_party_contact_sent ON message_party (contact_id, sent_at DESC, message_id DESC);
