package io.imagepipe.ingest.events;

import java.net.URI;

import io.imagepipe.contract.UploadStatus;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.ingest.events.UploadEvent.Data;
import io.imagepipe.ingest.upload.UploadProperties;

import org.springframework.stereotype.Component;

/**
 * Makes the event that reports an upload's state. A {@code ready} event carries the
 * versioned URL of the upload's result; a page reads the size, placeholder colour and
 * renditions from serving-api's {@code /meta}.
 */
@Component
class UploadEvents {

	static final String UNKNOWN_FAILURE = "The image could not be processed.";

	private final URI publicBaseUrl;

	UploadEvents(UploadProperties properties) {
		this.publicBaseUrl = properties.publicImageBaseUrl();
	}

	UploadEvent eventFor(UploadState state) {
		return switch (state.status()) {
			case QUEUED -> new UploadEvent("queued", state.status(), Data.of(state.id(), state.status()));
			case PROCESSING -> new UploadEvent("processing", state.status(), Data.of(state.id(), state.status()));
			case DONE -> new UploadEvent("ready", state.status(), ready(state));
			case FAILED -> new UploadEvent("failed", state.status(), new Data(state.id(), state.status().value(), null,
					(state.lastError() != null) ? state.lastError() : UNKNOWN_FAILURE));
			case SUPERSEDED -> new UploadEvent("superseded", state.status(), new Data(state.id(),
					state.status().value(), VersionedUrls.imageUrl(this.publicBaseUrl, state.key()), null));
			case DELETED -> new UploadEvent("deleted", state.status(), Data.of(state.id(), state.status()));
		};
	}

	/**
	 * The ready event: the versioned URL of this upload's result, as the shared rules
	 * build it. Its size, placeholder colour and renditions are serving-api's
	 * {@code /meta}, the one read model of the current image.
	 */
	private Data ready(UploadState state) {
		URI imageUrl = (state.resultSha256() != null)
				? VersionedUrls.versionedUrl(this.publicBaseUrl, state.key(), state.resultSha256())
				: VersionedUrls.imageUrl(this.publicBaseUrl, state.key());
		return new Data(state.id(), UploadStatus.DONE.value(), imageUrl, null);
	}

}
