package io.imagepipe.ingest.upload;

import org.springframework.data.repository.CrudRepository;

/**
 * The deletion records, a plain insert-only write.
 */
interface ImageDeletionLog extends CrudRepository<ImageDeletion, Long> {

}
