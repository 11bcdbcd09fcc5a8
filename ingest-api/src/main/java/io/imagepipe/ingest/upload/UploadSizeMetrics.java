package io.imagepipe.ingest.upload;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records the size of every accepted upload, by media type, as the
 * {@code imagepipe.uploads.size} distribution (bytes), after the commit, from what the
 * upload's event carries: no query per upload (it was a {@code SELECT} of the stored row
 * on another thread, a round trip to PostgreSQL competing with the next upload).
 */
@Component
class UploadSizeMetrics {

	private static final double[] SLOS = { 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024, 10 * 1024 * 1024,
			20 * 1024 * 1024 };

	private final MeterRegistry registry;

	UploadSizeMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@TransactionalEventListener
	void on(UploadAccepted event) {
		summary(event.mediaType()).record(event.byteSize());
	}

	private DistributionSummary summary(String mediaType) {
		return DistributionSummary.builder("imagepipe.uploads.size")
			.description("Sizes of the accepted uploads")
			.baseUnit("bytes")
			.tag("media_type", mediaType)
			.serviceLevelObjectives(SLOS)
			.register(this.registry);
	}

}
