package io.imagepipe.ingest.upload;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What ingest-api accepts.
 *
 * @param maxSize the largest upload, in bytes; larger ones get 413
 * @param maxPixels the largest width × height read from the header; larger ones get 422
 * @param maxFrames the most frames of an animated GIF or WebP; more get 422
 * @param publicImageBaseUrl where browsers reach serving-api, for the URLs in responses
 * @param databaseRetryAfter how long uploads pause after the database became unreachable,
 * also sent as {@code Retry-After}
 */
@Validated
@ConfigurationProperties("imagepipe.upload")
public record UploadProperties(@NotNull @DefaultValue("20MB") DataSize maxSize,
		@Positive @DefaultValue("50000000") long maxPixels, @Positive @DefaultValue("1000") int maxFrames,
		@NotNull @DefaultValue("http://localhost:8082") URI publicImageBaseUrl,
		@NotNull @DefaultValue("5s") Duration databaseRetryAfter) {

	/**
	 * The owner types and slots that take uploads, from {@code imagepipe.slots}.
	 *
	 * @param slots owner type → slot name → its settings (only the names matter here)
	 */
	@Validated
	@ConfigurationProperties("imagepipe")
	public record Slots(@NotEmpty Map<String, Map<String, Map<String, Object>>> slots) {

		/**
		 * Tell whether uploads are taken for this owner type and slot.
		 * @param ownerType such as {@code users}
		 * @param slot such as {@code profile}
		 * @return whether it is configured
		 */
		public boolean accepts(String ownerType, String slot) {
			Map<String, Map<String, Object>> forOwner = this.slots.get(ownerType);
			return forOwner != null && forOwner.containsKey(slot);
		}

	}

}
