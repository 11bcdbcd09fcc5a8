-- One row per accepted upload. The row is the job: its status is the truth, the broker
-- only carries the id. Raw bytes stay here for retries and reprocessing; they are never
-- served.
CREATE TABLE uploads (
    id            uuid PRIMARY KEY,
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    owner_type    varchar(32) NOT NULL,
    owner_id      varchar(64) NOT NULL,
    slot          varchar(32) NOT NULL,
    media_type    varchar(32) NOT NULL,
    byte_size     integer     NOT NULL CHECK (byte_size > 0),
    width         integer     NOT NULL CHECK (width > 0),
    height        integer     NOT NULL CHECK (height > 0),
    raw_bytes     bytea,
    status        varchar(16) NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'processing', 'done', 'failed', 'superseded')),
    attempts      integer     NOT NULL DEFAULT 0,
    error_class   varchar(32),
    last_error    text,
    result_sha256 char(64),
    published_at  timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Compressed images do not compress again: store them out of line, uncompressed, so that
-- reads stream them without a TOAST decompression step.
ALTER TABLE uploads ALTER COLUMN raw_bytes SET STORAGE EXTERNAL;

CREATE INDEX uploads_status_created_at_idx ON uploads (status, created_at);
CREATE INDEX uploads_image_seq_idx ON uploads (owner_type, owner_id, slot, seq DESC);
CREATE INDEX uploads_unpublished_idx ON uploads (created_at)
    WHERE status = 'queued' AND published_at IS NULL;

-- One row per image: the bytes served now, written only by the worker.
CREATE TABLE images (
    owner_type    varchar(32) NOT NULL,
    owner_id      varchar(64) NOT NULL,
    slot          varchar(32) NOT NULL,
    upload_id     uuid        NOT NULL REFERENCES uploads (id),
    upload_seq    bigint      NOT NULL,
    content_type  varchar(32) NOT NULL DEFAULT 'image/webp',
    bytes         bytea       NOT NULL,
    width         integer     NOT NULL CHECK (width > 0),
    height        integer     NOT NULL CHECK (height > 0),
    byte_size     integer     NOT NULL CHECK (byte_size > 0),
    sha256        char(64)    NOT NULL,
    version       bigint      NOT NULL DEFAULT 1,
    quality       real,
    encode_millis integer,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_type, owner_id, slot)
);

ALTER TABLE images ALTER COLUMN bytes SET STORAGE EXTERNAL;
