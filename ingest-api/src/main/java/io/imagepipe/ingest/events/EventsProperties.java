package io.imagepipe.ingest.events;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The upload event streams.
 *
 * @param pollInterval how often the shared poller reads the states of the watched
 * uploads; the most a state change waits before it is pushed
 * @param heartbeat how often an idle stream gets a comment, so proxies keep it open and
 * closed clients are noticed
 * @param timeout how long one stream stays open; the browser's EventSource then
 * reconnects and gets the current state at once
 * @param maxStreams the most streams open at once in this instance; more get 503 and the
 * upload component polls the status URL instead
 * @param batchSize the most uploads read in one query of the poller
 */
@Validated
@ConfigurationProperties("imagepipe.events")
record EventsProperties(@NotNull @DefaultValue("150ms") Duration pollInterval,
		@NotNull @DefaultValue("15s") Duration heartbeat, @NotNull @DefaultValue("5m") Duration timeout,
		@Positive @DefaultValue("10000") int maxStreams, @Positive @DefaultValue("1000") int batchSize) {
}
