package io.imagepipe.serving.image;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How serving-api describes its images, and what it keeps of them in memory.
 *
 * @param publicBaseUrl where browsers reach this service (or the CDN or nginx in front of
 * it), for the URLs in the metadata
 * @param cacheSize how many bytes of images and renditions to keep in memory, by their
 * hash ({@code SERVING_CACHE_SIZE}); {@code 0} keeps none
 * @param metadataEntries of how many images to keep the current metadata in memory
 * ({@code SERVING_METADATA_ENTRIES}); {@code 0} keeps none, and every answer reads it
 * @param metadataMaxAge how long a kept metadata entry is used before it is read again,
 * whatever was announced ({@code SERVING_METADATA_MAX_AGE}): the bound on staleness
 * should every announcement of a change be lost
 * @param changePollInterval how often the changes committed since the last poll are read
 * ({@code SERVING_CHANGE_POLL_INTERVAL}): the bound on staleness when a change message is
 * lost, plus the replica's lag
 * @param changeLookback how far back each poll reads again
 * ({@code SERVING_CHANGE_LOOKBACK}), so that a change that took its number before a poll
 * but committed (or reached the replica) after it is still seen
 * @param namespace the prefix of the broker names, shared with the other services
 * ({@code MESSAGING_NAMESPACE})
 * @param filesDirectory where to write the bytes of each canonical versioned answer as a
 * file, for the nginx front to send itself ({@code SERVING_FILES_DIRECTORY};
 * {@link ImageFiles}); none by default
 * @param filesMaxSize how many bytes of such files this instance keeps
 * ({@code SERVING_FILES_MAX_SIZE})
 */
@Validated
@ConfigurationProperties("imagepipe.serving")
record ServingProperties(@NotNull @DefaultValue("http://localhost:8082") URI publicBaseUrl,
		@NotNull @DefaultValue("64MB") DataSize cacheSize, @Min(0) @DefaultValue("20000") int metadataEntries,
		@NotNull @DefaultValue("10m") Duration metadataMaxAge, @NotNull @DefaultValue("1s") Duration changePollInterval,
		@NotNull @DefaultValue("30s") Duration changeLookback, @NotBlank @DefaultValue("imagepipe") String namespace,
		Path filesDirectory, @NotNull @DefaultValue("1GB") DataSize filesMaxSize) {

	ServingProperties {
		if (changePollInterval != null && (changePollInterval.isNegative() || changePollInterval.isZero())) {
			throw new IllegalArgumentException("imagepipe.serving.change-poll-interval must be positive");
		}
		if (changeLookback != null && changeLookback.isNegative()) {
			throw new IllegalArgumentException("imagepipe.serving.change-lookback must not be negative");
		}
	}

}
