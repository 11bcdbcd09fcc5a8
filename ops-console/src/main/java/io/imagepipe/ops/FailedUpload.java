package io.imagepipe.ops;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A failed upload as the dashboard lists it: the image it was for, when it came, why it
 * failed and what it was. Never its bytes.
 *
 * @param uploadId the upload
 * @param ownerType such as {@code users}
 * @param ownerId such as {@code 42}
 * @param slot such as {@code profile}
 * @param uploadedAt when it was accepted
 * @param failedAt when it failed
 * @param attempts the attempts of every round, including those before ops retried it
 * @param retries how many times ops staff retried it
 * @param errorClass {@code unprocessable}, {@code transient} or {@code worker-crash}
 * @param error the reason, written for people
 * @param byteSize the size of the upload
 * @param mediaType its format, from its magic bytes
 * @param width its width in pixels, from its header
 * @param height its height in pixels
 * @param discarded whether its bytes were discarded (it can no longer be retried)
 * @param newerImageServed whether a newer upload of the same image is served already, so
 * a retry would end {@code superseded}
 * @param previewUrl where its safe preview is
 * @param historyUrl where its image's history is
 */
record FailedUpload(UUID uploadId, String ownerType, String ownerId, String slot, OffsetDateTime uploadedAt,
		OffsetDateTime failedAt, int attempts, int retries, String errorClass, String error, int byteSize,
		String mediaType, int width, int height, boolean discarded, boolean newerImageServed, String previewUrl,
		String historyUrl) {
}
