-- contact_merge: the kept contact's info_at (contact.info_at, V40) before the merge, and the date the merge gave it
-- (the newest of the contacts merged, ContactDao.takeNewestMergedInfo), so that undoing the merge gives the kept
-- contact back its earlier date unless something moved the date since. Null for merges made before this column:
-- undoing one of those leaves the date as it is, as before.
ALTER TABLE contact_merge ADD COLUMN target_info_at BIGINT;
ALTER TABLE contact_merge ADD COLUMN merged_info_at BIGINT;
