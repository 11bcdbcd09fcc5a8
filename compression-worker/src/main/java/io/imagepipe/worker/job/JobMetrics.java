package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import io.imagepipe.worker.job.JobProcessor.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The worker's metrics for machines, at {@code /actuator/prometheus}:
 * <ul>
 * <li>{@code imagepipe_jobs_processed_total{outcome}}: deliveries processed, by outcome
 * ({@code done}, {@code superseded}, {@code failed}, {@code skipped}, or {@code error}
 * when processing threw and the job went to a retry tier);</li>
 * <li>{@code imagepipe_jobs_failed_total{error_class}}: uploads failed for good, by error
 * class ({@code unprocessable}, {@code transient}, {@code worker-crash});</li>
 * <li>{@code imagepipe_jobs_processing_seconds}: the processing time of one delivery, as
 * a histogram (with {@code _bucket} series for percentiles across replicas).</li>
 * </ul>
 */
@Component
class JobMetrics {

	private static final Duration[] SLOS = { Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
			Duration.ofSeconds(30) };

	private final MeterRegistry registry;

	JobMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Run one job, timing it and counting its outcome.
	 * @param job the processing of one delivery
	 * @return its outcome
	 */
	Outcome timed(Supplier<Outcome> job) {
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "error";
		try {
			Outcome result = job.get();
			outcome = result.name().toLowerCase(Locale.ROOT);
			return result;
		}
		finally {
			sample.stop(Timer.builder("imagepipe.jobs.processing")
				.description("Processing time of one job delivery")
				.tag("outcome", outcome)
				.serviceLevelObjectives(SLOS)
				.minimumExpectedValue(Duration.ofMillis(10))
				.maximumExpectedValue(Duration.ofMinutes(2))
				.register(this.registry));
			Counter.builder("imagepipe.jobs.processed")
				.description("Job deliveries processed, by outcome")
				.tag("outcome", outcome)
				.register(this.registry)
				.increment();
		}
	}

	/**
	 * Count an upload that failed for good.
	 * @param errorClass its error class
	 */
	void failed(String errorClass) {
		Counter.builder("imagepipe.jobs.failed")
			.description("Uploads failed for good, by error class")
			.tag("error_class", errorClass)
			.register(this.registry)
			.increment();
	}

}
