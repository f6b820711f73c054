-- Token buckets of the request and sign-in rate limits, shared by several servers on PostgreSQL (Bucket4j's
-- row-lock proxy manager reads and writes them). One server on SQLite keeps its buckets in memory and leaves this
-- table empty; it exists here too so that both databases have the same schema.
-- id: SHA-256 (hex) of the bucket's key; state: Bucket4j's serialised bucket; expires_at: epoch millis when the
-- bucket is full again, after which the row may be deleted.
CREATE TABLE rate_limit_bucket (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
