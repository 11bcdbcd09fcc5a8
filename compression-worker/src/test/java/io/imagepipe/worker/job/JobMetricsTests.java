package io.imagepipe.worker.job;

import io.imagepipe.worker.job.JobProcessor.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JobMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final JobMetrics metrics = new JobMetrics(this.registry);

	@Test
	void everyJobIsTimedAndCountedByOutcome() {
		assertThat(this.metrics.timed(() -> Outcome.DONE)).isEqualTo(Outcome.DONE);
		this.metrics.timed(() -> Outcome.DONE);
		this.metrics.timed(() -> Outcome.SUPERSEDED);
		assertThat(this.registry.get("imagepipe.jobs.processed").tag("outcome", "done").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("imagepipe.jobs.processed").tag("outcome", "superseded").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("imagepipe.jobs.processing").tag("outcome", "done").timer().count()).isEqualTo(2);
	}

	@Test
	void aJobThatThrowsCountsAsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> this.metrics.timed(() -> {
			throw new IllegalStateException("database gone");
		}));
		assertThat(this.registry.get("imagepipe.jobs.processed").tag("outcome", "error").counter().count())
			.isEqualTo(1);
	}

	@Test
	void failuresAreCountedByErrorClass() {
		this.metrics.failed(ErrorClass.UNPROCESSABLE);
		this.metrics.failed(ErrorClass.WORKER_CRASH);
		this.metrics.failed(ErrorClass.UNPROCESSABLE);
		assertThat(this.registry.get("imagepipe.jobs.failed").tag("error_class", "unprocessable").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("imagepipe.jobs.failed").tag("error_class", "worker-crash").counter().count())
			.isEqualTo(1);
	}

}
