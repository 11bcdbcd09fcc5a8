package io.imagepipe.ingest.events;

import java.net.URI;
import java.util.Optional;

import io.imagepipe.contract.UploadStatus;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.ingest.events.UploadEvent.Data;
import io.imagepipe.ingest.upload.UploadProperties;
import io.imagepipe.ingest.web.CurrentImage;
import io.imagepipe.ingest.web.CurrentImages;

import org.springframework.stereotype.Component;

/**
 * Makes the event that reports an upload's state. A {@code ready} event carries the
 * image's versioned URL, and its size, placeholder colour and renditions while the image
 * is still this upload's.
 */
@Component
class UploadEvents {

	static final String UNKNOWN_FAILURE = "The image could not be processed.";

	private final CurrentImages images;

	private final URI publicBaseUrl;

	UploadEvents(CurrentImages images, UploadProperties properties) {
		this.images = images;
		this.publicBaseUrl = properties.publicImageBaseUrl();
	}

	UploadEvent eventFor(UploadState state) {
		return switch (state.status()) {
			case QUEUED -> new UploadEvent("queued", state.status(), Data.of(state.id(), state.status()));
			case PROCESSING -> new UploadEvent("processing", state.status(), Data.of(state.id(), state.status()));
			case DONE -> new UploadEvent("ready", state.status(), ready(state));
			case FAILED -> new UploadEvent("failed", state.status(), new Data(state.id(), state.status().value(), null,
					null, null, null, null, (state.lastError() != null) ? state.lastError() : UNKNOWN_FAILURE));
			case SUPERSEDED ->
				new UploadEvent("superseded", state.status(), new Data(state.id(), state.status().value(),
						VersionedUrls.imageUrl(this.publicBaseUrl, state.key()), null, null, null, null, null));
			case DELETED -> new UploadEvent("deleted", state.status(), Data.of(state.id(), state.status()));
		};
	}

	private Data ready(UploadState state) {
		Optional<CurrentImage> current = this.images.find(state.key())
			.filter((image) -> image.uploadId().equals(state.id()));
		if (current.isPresent()) {
			CurrentImage image = current.get();
			return new Data(state.id(), UploadStatus.DONE.value(), image.imageUrl(), image.width(), image.height(),
					image.placeholderColor(), image.renditions(), null);
		}
		// a newer upload replaced the image already: this one's URL is all there is
		URI imageUrl = (state.resultSha256() != null)
				? VersionedUrls.versionedUrl(this.publicBaseUrl, state.key(), state.resultSha256())
				: VersionedUrls.imageUrl(this.publicBaseUrl, state.key());
		return new Data(state.id(), UploadStatus.DONE.value(), imageUrl, null, null, null, null, null);
	}

}
