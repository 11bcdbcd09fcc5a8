-- A reprocess copy names the user's upload whose picture it makes again. The worker ranks
-- uploads of one image by (coalesce(source_seq, seq), seq): a copy comes right after its
-- source, so it replaces the source's image, but never an upload the user made after the
-- source, whatever seq the copy itself was given (the copy's insert may run while such an
-- upload is still being committed, and then gets the higher seq). NULL for the user's own
-- uploads.
ALTER TABLE uploads ADD COLUMN source_seq bigint;

-- Bulk ops actions (reprocess all, retry all matching) run in the background: the request
-- returns with the action's id and the console follows its state. 'running' until it has
-- finished, also across a restart: the instance that next holds the kind's advisory lock
-- resumes it after its cursor; 'done' once finished; 'interrupted' when a new run of the
-- same kind was started before an orphaned one was resumed; 'failed' when it stopped on
-- an error (last_error says which). Single-request actions are 'done' when recorded.
ALTER TABLE ops_actions ADD COLUMN state varchar(16) NOT NULL DEFAULT 'done'
    CHECK (state IN ('running', 'done', 'interrupted', 'failed'));
-- transactions run so far, and where the next one starts (reprocess: the last image key
-- handled, ownerType/ownerId/slot)
ALTER TABLE ops_actions ADD COLUMN batches integer NOT NULL DEFAULT 0 CHECK (batches >= 0);
ALTER TABLE ops_actions ADD COLUMN cursor text;
ALTER TABLE ops_actions ADD COLUMN last_error text;
-- Entries recorded before this migration without an end were cut off by a restart.
UPDATE ops_actions SET state = 'interrupted' WHERE finished_at IS NULL;

CREATE INDEX ops_actions_running_idx ON ops_actions (action) WHERE state = 'running';
