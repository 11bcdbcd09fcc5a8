package io.imagepipe.ingest.upload;

import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.upload.UploadTransitions;
import io.imagepipe.ingest.upload.ImageInspector.InspectedImage;

import org.springframework.stereotype.Repository;

/**
 * Where ingest-api stores a new upload: the accept transition of
 * {@link UploadTransitions}, a queued row with its raw bytes. Statuses are read through
 * {@link UploadRepository}, without the bytes.
 */
@Repository
class Uploads {

	private final UploadTransitions transitions;

	Uploads(UploadTransitions transitions) {
		this.transitions = transitions;
	}

	void insert(UUID id, ImageKey key, InspectedImage image, byte[] bytes) {
		this.transitions.accept(
				new UploadTransitions.NewUpload(id, key, image.mediaType(), image.width(), image.height()), bytes, 0,
				bytes.length);
	}

}
