package io.imagepipe.ingest.upload;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records the size of every accepted upload, by media type, as the
 * {@code imagepipe.uploads.size} distribution (bytes). It reads the size from the stored
 * row after the commit, off the request thread, so the upload path itself is unchanged.
 */
@Component
class UploadSizeMetrics {

	private static final double[] SLOS = { 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024, 10 * 1024 * 1024,
			20 * 1024 * 1024 };

	private final JdbcClient jdbc;

	private final MeterRegistry registry;

	UploadSizeMetrics(JdbcClient jdbc, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.registry = registry;
	}

	@Async
	@TransactionalEventListener
	void on(UploadAccepted event) {
		this.jdbc.sql("SELECT media_type, byte_size FROM uploads WHERE id = :id")
			.param("id", event.uploadId())
			.query((rs) -> {
				summary(rs.getString("media_type")).record(rs.getInt("byte_size"));
			});
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
