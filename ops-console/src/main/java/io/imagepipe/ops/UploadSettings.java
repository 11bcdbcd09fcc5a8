package io.imagepipe.ops;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the console needs of the pipeline's upload settings, from the same variables as
 * ingest-api ({@code MAX_UPLOAD_PIXELS}, {@code MAX_UPLOAD_FRAMES},
 * {@code PUBLIC_IMAGE_BASE_URL}): a preview never decodes more than an upload may hold,
 * and a history links to the served image.
 *
 * @param maxPixels the largest width × height an upload may declare
 * @param maxFrames the most frames of an animated GIF or WebP
 * @param publicImageBaseUrl where browsers reach serving-api
 */
@Validated
@ConfigurationProperties("imagepipe.upload")
record UploadSettings(@Positive @DefaultValue("50000000") long maxPixels, @Positive @DefaultValue("1000") int maxFrames,
		@NotNull @DefaultValue("http://localhost:8082") URI publicImageBaseUrl) {

	/**
	 * The owner types and slots that take uploads, from {@code imagepipe.slots}
	 * (image-contract's {@code imagepipe-slots.yml}).
	 *
	 * @param slots owner type → slot name → its settings (only the names matter here)
	 */
	@Validated
	@ConfigurationProperties("imagepipe")
	record Slots(@NotEmpty Map<String, Map<String, Map<String, Object>>> slots) {

		/**
		 * The owner types, sorted.
		 * @return every configured owner type
		 */
		List<String> ownerTypes() {
			return List.copyOf(new TreeSet<>(this.slots.keySet()));
		}

	}

}
