package io.imagepipe.contract;

import java.util.Objects;
import java.util.UUID;

/**
 * The message that asks a compression worker to process one upload. It carries only the
 * id: the upload's row in PostgreSQL holds its state, and the worker reads it from there.
 *
 * @param uploadId the id of the upload row
 */
public record CompressionJob(UUID uploadId) {

	public CompressionJob {
		Objects.requireNonNull(uploadId, "uploadId");
	}

}
