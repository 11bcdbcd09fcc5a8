-- The ops dashboard (ADR 0007). Every action ops staff take on failed uploads is recorded
-- here: who, when, what was asked and how many uploads it changed.
CREATE TABLE ops_actions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor       varchar(64) NOT NULL,
    action      varchar(16) NOT NULL CHECK (action IN ('retry', 'discard')),
    -- one upload, the uploads selected on the page, or every failed upload matching a filter
    scope       varchar(16) NOT NULL CHECK (scope IN ('one', 'selected', 'matching')),
    -- the ids or the filter, as the page sent them
    criteria    jsonb       NOT NULL,
    requested   integer     NOT NULL CHECK (requested >= 0),
    affected    integer     NOT NULL DEFAULT 0 CHECK (affected >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE INDEX ops_actions_created_at_idx ON ops_actions (created_at DESC);

-- A retry sends a failed upload back to 'queued' with its attempts reset, so the worker
-- gives it a full new chance. The round that failed is kept here, so an image's history
-- shows every attempt and why each round ended.
CREATE TABLE upload_retries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    upload_id   uuid        NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    action_id   bigint      NOT NULL REFERENCES ops_actions (id),
    attempts    integer     NOT NULL,
    error_class varchar(32),
    last_error  text,
    failed_at   timestamptz,
    retried_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX upload_retries_upload_idx ON upload_retries (upload_id, retried_at);

-- A discarded upload stays 'failed' with its reason, but its raw bytes are deleted: it can
-- no longer be retried or previewed.
ALTER TABLE uploads ADD COLUMN discarded_at timestamptz;

-- The failed list, newest failure first, and the throughput and timing figures of the
-- overview, which read the uploads that finished in the last day.
CREATE INDEX uploads_failed_idx ON uploads (finished_at DESC) WHERE status = 'failed';
CREATE INDEX uploads_finished_at_idx ON uploads (finished_at) WHERE finished_at IS NOT NULL;
