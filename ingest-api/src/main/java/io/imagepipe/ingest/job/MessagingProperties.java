package io.imagepipe.ingest.job;

import java.time.Duration;
import java.util.List;

import io.imagepipe.contract.JobTopology;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs reach the broker.
 *
 * @param namespace the prefix of every exchange and queue name
 * @param deliveryLimit deliveries of one job before the broker parks it
 * @param retryDelays the retry tiers' delays, shortest first
 * @param confirmTimeout how long a publish waits for the broker's confirm
 * @param relayInterval how often the relay looks for jobs that were not published
 * @param relayGrace how old an unpublished job must be before the relay takes it
 * @param republishAfter how long a published job may wait in {@code queued} before the
 * relay may publish it again, and then only when the work queue holds fewer messages than
 * there are published queued jobs
 * @param relayBatch how many jobs the relay takes per round
 * @param processingTimeout how long after its worker's lease ran out an upload in
 * {@code processing} is published again (a safety net: the broker itself redelivers the
 * jobs of a worker that died)
 */
@Validated
@ConfigurationProperties("imagepipe.messaging")
public record MessagingProperties(@NotBlank @DefaultValue("imagepipe") String namespace,
		@Positive @DefaultValue("5") int deliveryLimit, @NotNull @DefaultValue( {
				"2s", "10s", "60s" }) List<Duration> retryDelays,
		@NotNull @DefaultValue("5s") Duration confirmTimeout, @NotNull @DefaultValue("2s") Duration relayInterval,
		@NotNull @DefaultValue("5s") Duration relayGrace, @NotNull @DefaultValue("5m") Duration republishAfter,
		@Positive @DefaultValue("200") int relayBatch, @NotNull @DefaultValue("10m") Duration processingTimeout){

	JobTopology topology() {
		return new JobTopology(this.namespace, this.deliveryLimit, this.retryDelays);
	}

}
