-- An image can be deleted (by its owner, an org admin for a logo, or a service), and every
-- image of an owner erased. The deletion removes the served bytes, the renditions and the
-- raw bytes of every upload of the image, and marks those uploads 'deleted'.
ALTER TABLE uploads DROP CONSTRAINT uploads_status_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_status_check
    CHECK (status IN ('queued', 'processing', 'done', 'failed', 'superseded', 'deleted'));

-- One row per deletion: who, when and what, kept after the bytes are gone, so that the ops
-- history and the audit still make sense. It is also the deletion marker: upload_seq is
-- the deletion's place in the order of uploads, drawn from the uploads' own sequence. The
-- deletion supersedes every upload of the image that ranks before it (a reprocess copy by
-- its source's seq), also one that was still being committed when the deletion ran; the
-- worker never writes such an upload's image. An upload with a higher seq is a newer
-- intent and is served as usual.
CREATE TABLE image_deletions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_type      varchar(32) NOT NULL,
    owner_id        varchar(64) NOT NULL,
    slot            varchar(32) NOT NULL,
    upload_seq      bigint      NOT NULL,
    -- the token's subject of the caller who asked
    actor           varchar(64) NOT NULL,
    -- 'image': DELETE of the one image; 'owner': an erasure of all of the owner's images
    scope           varchar(16) NOT NULL CHECK (scope IN ('image', 'owner')),
    -- whether an image was served when it was deleted
    had_image       boolean     NOT NULL,
    uploads         integer     NOT NULL CHECK (uploads >= 0),
    bytes_freed     bigint      NOT NULL CHECK (bytes_freed >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX image_deletions_image_idx ON image_deletions (owner_type, owner_id, slot, upload_seq DESC);
CREATE INDEX image_deletions_created_at_idx ON image_deletions (created_at DESC);

-- An owner's erasure (every image of the owner, on a service's request) is an audited
-- action too: one entry per request, also a repeat that found nothing left.
ALTER TABLE ops_actions DROP CONSTRAINT ops_actions_action_check;
ALTER TABLE ops_actions ADD CONSTRAINT ops_actions_action_check
    CHECK (action IN ('retry', 'discard', 'reprocess', 'erase'));
ALTER TABLE ops_actions DROP CONSTRAINT ops_actions_scope_check;
ALTER TABLE ops_actions ADD CONSTRAINT ops_actions_scope_check
    CHECK (scope IN ('one', 'selected', 'matching', 'all', 'owner'));

-- The raw upload cleanup (ingest-api's RawUploadRetention) looks for finished uploads
-- that still hold their raw bytes, oldest first.
CREATE INDEX uploads_raw_kept_idx ON uploads (finished_at)
    WHERE raw_bytes IS NOT NULL AND status IN ('done', 'superseded', 'failed');
