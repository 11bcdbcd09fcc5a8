package io.imagepipe.ingest.events;

import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.imagepipe.contract.UploadStatus;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One event of an upload's stream.
 *
 * @param name the SSE event name: {@code queued}, {@code processing}, {@code ready},
 * {@code failed} or {@code superseded}
 * @param status the upload status it reports
 * @param data its JSON data
 */
record UploadEvent(String name, UploadStatus status, Data data) {

	/** How long a browser waits before it reconnects a dropped stream. */
	static final long RECONNECT_MILLIS = 1000;

	/**
	 * Tell whether the stream ends after this event.
	 * @return whether nothing more will happen to the upload
	 */
	boolean isLast() {
		return this.status.isTerminal();
	}

	SseEmitter.SseEventBuilder toSse() {
		return SseEmitter.event()
			.name(this.name)
			.reconnectTime(RECONNECT_MILLIS)
			.data(this.data, MediaType.APPLICATION_JSON);
	}

	/**
	 * The data of an event; fields that do not apply are left out.
	 *
	 * @param uploadId the upload
	 * @param status its status as the status API shows it
	 * @param imageUrl for {@code ready}, the versioned URL of the new image; for
	 * {@code superseded}, the stable URL, which shows the newer image
	 * @param reason for {@code failed}, why, written for the person who uploaded
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Data(UUID uploadId, String status, URI imageUrl, String reason) {

		static Data of(UUID uploadId, UploadStatus status) {
			return new Data(uploadId, status.value(), null, null);
		}

	}

}
