-- A worker holds the upload it is working on by a lease, which it extends while it works
-- (a heartbeat). While the lease is live, no other delivery of the same job claims it and
-- the outbox relay does not publish it again; once a worker stops without finishing, its
-- lease runs out and the job is taken again.
ALTER TABLE uploads ADD COLUMN lease_until timestamptz;

-- What an owner keeps (the per-owner storage cap sums the raw bytes still held).
CREATE INDEX uploads_owner_bytes_idx ON uploads (owner_type, owner_id) INCLUDE (byte_size)
    WHERE raw_bytes IS NOT NULL;
