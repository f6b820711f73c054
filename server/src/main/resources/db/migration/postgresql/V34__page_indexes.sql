-- Web pages over 100k contacts / 500k messages (bench/: page render). The queries these serve pin their plans
-- (CROSS JOIN, unary plus) so that they do not depend on ANALYZE statistics, which most databases never get.

-- Cooling relationships, strongest first: the team's top pairs are read in score order and the reading stops once
-- enough have proved to be cooling, instead of sorting every quiet pair of every colleague.
CREATE INDEX relationship_score ON relationship (score, user_id, contact_id);

-- Pairs by last contact, now with the contact: the dashboard's "touched" and "stale" counts read the index alone.
-- It replaces relationship_last (its prefix), so captures maintain no extra index.
CREATE INDEX relationship_last_contact ON relationship (last_at, contact_id);
DROP INDEX relationship_last;

-- Duplicate review: lower-cased names of live contacts, grouped and counted from the index alone. It replaces
-- contact_name_lower (its prefix).
CREATE INDEX contact_name_lower_merged ON contact (LOWER(display_name), merged_into);
DROP INDEX contact_name_lower;
