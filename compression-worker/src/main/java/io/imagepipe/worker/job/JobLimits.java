package io.imagepipe.worker.job;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long one job may hold a worker.
 *
 * @param decodeDeadline the longest a decode may take; a decode still running then is
 * aborted and its upload fails for good
 * @param lease how long a claimed job stays the worker's without a heartbeat; the worker
 * extends it every third of this while it works, and another delivery of the job is taken
 * only once it ran out
 */
@Validated
@ConfigurationProperties("imagepipe.worker")
record JobLimits(@NotNull @DefaultValue("20s") Duration decodeDeadline, @NotNull @DefaultValue("15s") Duration lease) {

	/**
	 * How often a working job's lease is extended.
	 * @return a third of the lease, at least 100 ms
	 */
	Duration heartbeat() {
		return Duration.ofMillis(Math.max(100, this.lease.toMillis() / 3));
	}

}
