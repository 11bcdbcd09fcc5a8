package io.imagepipe.ingest.upload;

import java.time.Instant;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.UploadStatus;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One upload as the status API reads it: an aggregate of the {@code uploads} table
 * without the raw bytes (no property maps {@code raw_bytes}, so no read of it loads up to
 * 20 MB). It is read only: every change of the row is a transition of
 * {@code UploadTransitions}, never a save of this record.
 *
 * @param id the upload
 * @param key the image it is for
 * @param mediaType the media type of the raw bytes
 * @param byteSize the length of the raw bytes
 * @param width the width of the raw image
 * @param height its height
 * @param status the stored status, see {@link UploadStatus}
 * @param attempts the processing attempts of its current round
 * @param errorClass why the last attempt failed, when it did
 * @param lastError the reason, written for the person who uploaded
 * @param resultSha256 the hash of the WebP written, once done
 * @param createdAt when it was accepted
 * @param updatedAt when its row last changed
 */
@Table("uploads")
record Upload(@Id UUID id, @Embedded.Empty ImageKey key, String mediaType, int byteSize, int width, int height,
		String status, int attempts, String errorClass, String lastError, String resultSha256, Instant createdAt,
		Instant updatedAt) {

	/**
	 * The status as the contract names it.
	 * @return the status
	 */
	UploadStatus uploadStatus() {
		return UploadStatus.of(this.status);
	}

}
