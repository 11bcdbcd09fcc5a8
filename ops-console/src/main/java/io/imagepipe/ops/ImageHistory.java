package io.imagepipe.ops;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything that happened to one image: its uploads, newest first, each with its
 * attempts and the rounds that failed before ops staff retried it, and what is served
 * now.
 *
 * @param ownerType such as {@code users}
 * @param ownerId such as {@code 42}
 * @param slot such as {@code profile}
 * @param served the image served now, or {@code null} when none is
 * @param uploads the uploads, newest first (at most 50)
 */
record ImageHistory(String ownerType, String ownerId, String slot, Served served, List<Upload> uploads) {

	/**
	 * The image served now.
	 *
	 * @param uploadId the upload its bytes come from
	 * @param version how many times its bytes changed
	 * @param url its versioned public URL
	 * @param updatedAt when its bytes were last written
	 */
	record Served(UUID uploadId, long version, URI url, OffsetDateTime updatedAt) {
	}

	/**
	 * One upload of the image.
	 *
	 * @param uploadId the upload
	 * @param status queued, processing, done, failed or superseded
	 * @param uploadedAt when it was accepted
	 * @param startedAt when a worker last took it
	 * @param finishedAt when it last finished
	 * @param attempts the attempts of its current round
	 * @param errorClass why its current round failed, when it did
	 * @param error the reason, written for people
	 * @param byteSize its size
	 * @param mediaType its format
	 * @param width its width
	 * @param height its height
	 * @param discarded whether its bytes were discarded
	 * @param served whether the image served now comes from it
	 * @param previewUrl where its safe preview is
	 * @param earlierRounds the rounds that failed before a retry, oldest first
	 */
	record Upload(UUID uploadId, String status, OffsetDateTime uploadedAt, OffsetDateTime startedAt,
			OffsetDateTime finishedAt, int attempts, String errorClass, String error, int byteSize, String mediaType,
			int width, int height, boolean discarded, boolean served, String previewUrl, List<Round> earlierRounds) {

		Upload withEarlierRounds(List<Round> rounds) {
			return new Upload(this.uploadId, this.status, this.uploadedAt, this.startedAt, this.finishedAt,
					this.attempts, this.errorClass, this.error, this.byteSize, this.mediaType, this.width, this.height,
					this.discarded, this.served, this.previewUrl, List.copyOf(rounds));
		}

	}

	/**
	 * A round of attempts that failed, and the retry that ended it.
	 *
	 * @param attempts the attempts in that round
	 * @param errorClass why it failed
	 * @param error the reason
	 * @param failedAt when it failed
	 * @param retriedAt when ops staff retried it
	 * @param retriedBy who did
	 */
	record Round(int attempts, String errorClass, String error, OffsetDateTime failedAt, OffsetDateTime retriedAt,
			String retriedBy) {
	}

	/**
	 * Where one upload is now, for the page's list of the uploads it retried.
	 *
	 * @param uploadId the upload
	 * @param status its status
	 * @param error why it failed, if it did
	 * @param imageUrl the versioned URL of the image made from it, while that image is
	 * served
	 */
	record Outcome(UUID uploadId, String status, String error, URI imageUrl) {
	}

}
