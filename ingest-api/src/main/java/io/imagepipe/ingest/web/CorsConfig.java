package io.imagepipe.ingest.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets pages on the configured origins ({@code CORS_ORIGINS}) upload, read statuses,
 * follow the event streams and read current images. Images themselves need no CORS:
 * serving-api sends {@code Cross-Origin-Resource-Policy: cross-origin}.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig implements WebMvcConfigurer {

	private final List<String> origins;

	CorsConfig(WebProperties properties) {
		this.origins = properties.origins();
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.origins.isEmpty()) {
			return;
		}
		registry.addMapping("/api/v1/**")
			.allowedOriginPatterns(this.origins.toArray(String[]::new))
			.allowedMethods("GET", "POST")
			.allowedHeaders("*")
			.exposedHeaders(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER)
			.maxAge(3600);
	}

}
