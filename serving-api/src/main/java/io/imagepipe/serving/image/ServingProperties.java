package io.imagepipe.serving.image;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How serving-api describes its images.
 *
 * @param publicBaseUrl where browsers reach this service (or the CDN or nginx in front of
 * it), for the URLs in the metadata
 * @param cacheSize how many bytes of images and renditions to keep in memory, by their
 * hash ({@code SERVING_CACHE_SIZE}); {@code 0} keeps none
 */
@Validated
@ConfigurationProperties("imagepipe.serving")
record ServingProperties(@NotNull @DefaultValue("http://localhost:8082") URI publicBaseUrl,
		@NotNull @DefaultValue("64MB") DataSize cacheSize) {
}
