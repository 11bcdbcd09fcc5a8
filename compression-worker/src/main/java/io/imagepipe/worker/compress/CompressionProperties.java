package io.imagepipe.worker.compress;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How images are compressed.
 *
 * @param maxBytes the hard budget of one WebP; nothing larger is ever written
 * @param quality the WebP quality tried first, the highest used
 * @param minQuality the lowest quality before the image is scaled down instead
 * @param qualitySteps the most extra encodes of the quality search per size
 * @param method the libwebp method, 0 (fast) to 6 (small)
 * @param maxPixels the largest width × height decoded; larger sources fail
 * @param maxFrames the most frames of an animated GIF or WebP; more fail
 */
@Validated
@ConfigurationProperties("imagepipe.compression")
public record CompressionProperties(@NotNull @DefaultValue("500KB") DataSize maxBytes,
		@DecimalMin("0.05") @DecimalMax("1.0") @DefaultValue("0.82") float quality,
		@DecimalMin("0.05") @DecimalMax("1.0") @DefaultValue("0.40") float minQuality,
		@Min(1) @Max(8) @DefaultValue("4") int qualitySteps, @Min(0) @Max(6) @DefaultValue("4") int method,
		@Positive @DefaultValue("50000000") long maxPixels, @Positive @DefaultValue("1000") int maxFrames) {

	/**
	 * The defaults, for tests and tools.
	 * @return the default settings
	 */
	public static CompressionProperties defaults() {
		return new CompressionProperties(DataSize.ofKilobytes(500), 0.82f, 0.40f, 4, 4, 50_000_000L, 1000);
	}

}
