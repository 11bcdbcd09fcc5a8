package io.imagepipe.ingest.web;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How browser pages on other origins may use the API.
 *
 * @param corsOrigins the origins (or patterns such as {@code https://*.example.com}) of
 * pages allowed to call {@code /api/v1/**} from the browser; empty allows none besides
 * ingest-api's own
 */
@Validated
@ConfigurationProperties("imagepipe.web")
record WebProperties(@NotNull @DefaultValue("") List<String> corsOrigins) {

	List<String> origins() {
		return this.corsOrigins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
	}

}
