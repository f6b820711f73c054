-- message_party (address) took one in seven of the pages a capture wrote to the log (bench/README.md, "Known costs",
-- thirteenth session), for the one kind of query that looks parties up by address: what is held about a person
-- (privacy export and erasure). A party with a contact always has an address of that contact (captures link by
-- address; merges, unmerges and deletions move or clear both together), so those queries find such parties by
-- contact, and by address only the parties with no contact: staff, robots, lists and company addresses.
DROP INDEX message_party_address;
CREATE INDEX message_party_address_unlinked ON message_party (address) WHERE contact_id IS NULL;
