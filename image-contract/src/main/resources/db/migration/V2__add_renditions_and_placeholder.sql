-- Smaller copies of an image, such as 64, 128 and 256 px wide for header avatars. The
-- worker writes them in the transaction that writes their image, so they always belong to
-- the image's current bytes. serving-api picks one for ?w=; each has its own hash, which
-- is its ETag, while the image's hash stays the version token of all of them.
CREATE TABLE image_renditions (
    owner_type    varchar(32) NOT NULL,
    owner_id      varchar(64) NOT NULL,
    slot          varchar(32) NOT NULL,
    width         integer     NOT NULL CHECK (width > 0),
    height        integer     NOT NULL CHECK (height > 0),
    bytes         bytea       NOT NULL,
    byte_size     integer     NOT NULL CHECK (byte_size > 0),
    sha256        char(64)    NOT NULL,
    quality       real,
    PRIMARY KEY (owner_type, owner_id, slot, width),
    FOREIGN KEY (owner_type, owner_id, slot) REFERENCES images (owner_type, owner_id, slot) ON DELETE CASCADE
);

ALTER TABLE image_renditions ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The average colour of the image's visible pixels, '#rrggbb', for pages to paint while
-- the image loads; NULL when no pixel is visible.
ALTER TABLE images ADD COLUMN placeholder_color char(7) CHECK (placeholder_color ~ '^#[0-9a-f]{6}$');
