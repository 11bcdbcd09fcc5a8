package io.imagepipe.serving.image;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How serving-api describes its images.
 *
 * @param publicBaseUrl where browsers reach this service (or the CDN or nginx in front of
 * it), for the URLs in the metadata
 */
@Validated
@ConfigurationProperties("imagepipe.serving")
record ServingProperties(@NotNull @DefaultValue("http://localhost:8082") URI publicBaseUrl) {
}
