package io.imagepipe.ingest.events;

import java.time.Duration;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.UploadStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bookkeeping of open streams, without a server.
 */
class UploadStreamsTests {

	private final GenericApplicationContext context = new GenericApplicationContext();

	private final UploadStreams streams = new UploadStreams(
			new EventsProperties(Duration.ofMillis(150), Duration.ofSeconds(15), Duration.ofMinutes(5), 2, 1000),
			new SimpleMeterRegistry(), this.context);

	private static final ImageKey KEY = new ImageKey("users", "42", "profile");

	@Test
	void anInstanceTakesAtMostMaxStreamsButAFinalStateNeedsNoOpenStream() {
		this.streams.open(UUID.randomUUID(), KEY, event(UploadStatus.QUEUED));
		this.streams.open(UUID.randomUUID(), KEY, event(UploadStatus.PROCESSING));
		assertThatExceptionOfType(UploadStreams.TooManyStreams.class)
			.isThrownBy(() -> this.streams.open(UUID.randomUUID(), KEY, event(UploadStatus.QUEUED)));
		this.streams.open(UUID.randomUUID(), KEY, event(UploadStatus.FAILED));
		assertThat(this.streams.all()).hasSize(2);
	}

	@Test
	void closingTheApplicationEndsEveryStream() {
		this.streams.open(UUID.randomUUID(), KEY, event(UploadStatus.QUEUED));
		this.streams.endAll(new ContextClosedEvent(new GenericApplicationContext()));
		assertThat(this.streams.all()).as("another context closing changes nothing").hasSize(1);
		this.streams.endAll(new ContextClosedEvent(this.context));
		assertThat(this.streams.all()).isEmpty();
	}

	private static UploadEvent event(UploadStatus status) {
		return new UploadEvent(status.value(), status, UploadEvent.Data.of(UUID.randomUUID(), status));
	}

}
