package io.imagepipe.ingest.web;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Lets pages on the configured origins ({@code CORS_ORIGINS}) upload and delete images
 * with a bearer token, read statuses, follow the event streams. The current image is
 * serving-api's {@code /meta}, which answers CORS itself. The security filter chain of
 * the API applies it, so that preflights are answered before authentication. No
 * credentials (cookies) are allowed: the token travels in the {@code Authorization}
 * header. Images themselves need no CORS: serving-api sends
 * {@code Cross-Origin-Resource-Policy: cross-origin}.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

	@Bean
	CorsConfigurationSource corsConfigurationSource(WebProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		List<String> origins = properties.origins();
		if (origins.isEmpty()) {
			return source;
		}
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOriginPatterns(origins);
		api.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE"));
		api.setAllowedHeaders(
				List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, "Last-Event-ID"));
		api.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER));
		api.setAllowCredentials(false);
		api.setMaxAge(3600L);
		source.registerCorsConfiguration("/api/v1/**", api);
		return source;
	}

}
