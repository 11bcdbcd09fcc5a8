package io.imagepipe.ingest.upload;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/**
 * Reads uploads without their bytes. It has no {@code save}: an upload changes only
 * through the conditional statements of {@code UploadTransitions}.
 */
interface UploadRepository extends Repository<Upload, UUID> {

	Optional<Upload> findById(UUID id);

}
