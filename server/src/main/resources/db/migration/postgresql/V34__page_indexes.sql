-- Web pages over 100k contacts / 500k messages (bench/: page render).
-- Cooling relationships, strongest first: the team's top pairs are read in score order and the reading stops once
-- enough have proved to be cooling, instead of sorting every quiet pair of every colleague.
CREATE INDEX relationship_score ON relationship (score, user_id, contact_id);

-- The dashboard's "stale contacts" count reads only this index (live contacts by last edit), not the contact rows.
CREATE INDEX contact_live_updated ON contact (updated_at) WHERE merged_into IS NULL;

-- Duplicate review: live contacts' lower-cased names, grouped and counted from the index alone.
CREATE INDEX contact_live_name_lower ON contact (LOWER(display_name)) WHERE merged_into IS NULL;
