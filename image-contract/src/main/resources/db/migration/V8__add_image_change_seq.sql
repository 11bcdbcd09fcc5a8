-- Every change of a served image takes a number from one sequence: a write of the image
-- (insert or update, renditions are always written with their image) and its deletion
-- (the deletion marker). serving-api keeps each image's current metadata in memory and
-- drops an entry when it learns of a higher number for its image: from the worker's or
-- the deletion's message after the commit, and from a poll of the rows numbered higher
-- than it has seen, which also works on a hot standby (LISTEN does not). See ADR 14.
CREATE SEQUENCE image_change_seq;

ALTER TABLE images ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('image_change_seq');
ALTER TABLE image_deletions ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('image_change_seq');

-- Set by the database on every write, so no writer (the worker, an import, an operator's
-- UPDATE) can forget it.
CREATE FUNCTION images_take_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := nextval('image_change_seq');
    RETURN NEW;
END
$$;

CREATE TRIGGER images_change_seq BEFORE INSERT OR UPDATE ON images
    FOR EACH ROW EXECUTE FUNCTION images_take_change_seq();

CREATE INDEX images_change_seq_idx ON images (change_seq);
CREATE INDEX image_deletions_change_seq_idx ON image_deletions (change_seq);
