package io.imagepipe.ops;

import java.time.Duration;
import java.util.List;

import io.imagepipe.contract.JobTopology;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The queues the console samples: the same names as ingest-api and the worker declare,
 * from the same {@code imagepipe.messaging} settings. The console declares nothing and
 * publishes nothing: it reads the queues' depths, and what it requeues goes back to the
 * outbox, which ingest-api's relay publishes (ADR 0002, 0016).
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfig {

	@Bean
	JobTopology jobTopology(Messaging messaging) {
		return new JobTopology(messaging.namespace(), messaging.deliveryLimit(), messaging.retryDelays());
	}

	/**
	 * The names of the pipeline's queues.
	 *
	 * @param namespace the prefix of every exchange and queue name
	 * @param deliveryLimit deliveries of one job before the broker parks it
	 * @param retryDelays the retry tiers' delays, shortest first
	 */
	@Validated
	@ConfigurationProperties("imagepipe.messaging")
	record Messaging(@NotBlank @DefaultValue("imagepipe") String namespace,
			@Positive @DefaultValue("5") int deliveryLimit, @NotNull @DefaultValue( {
					"2s", "10s", "60s" }) List<Duration> retryDelays){

	}

}
