package io.imagepipe.serving;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets pages on the configured origins read images and their metadata with {@code fetch}:
 * the upload component reads {@code /meta} after an upload, also when it is embedded on
 * another origin than serving-api's. Only {@code GET} and {@code HEAD}, never with
 * credentials: everything here is public. {@code <img>} needs no CORS
 * ({@code Cross-Origin-Resource-Policy: cross-origin}, see {@code ImageResponses}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsConfig.CorsProperties.class)
class CorsConfig implements WebMvcConfigurer {

	private final CorsProperties properties;

	CorsConfig(CorsProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.properties.allowedOrigins().isEmpty()) {
			return;
		}
		CorsRegistration images = registry.addMapping("/images/**");
		String[] origins = this.properties.allowedOrigins().toArray(String[]::new);
		if (this.properties.allowedOrigins().equals(List.of(CorsConfiguration.ALL))) {
			// a literal "*" rather than the caller's origin, so one cached answer fits
			// every page
			images.allowedOrigins(origins);
		}
		else {
			images.allowedOriginPatterns(origins);
		}
		images.allowedMethods("GET", "HEAD")
			.allowedHeaders(HttpHeaders.ACCEPT, HttpHeaders.IF_NONE_MATCH)
			.exposedHeaders(HttpHeaders.ETAG)
			.allowCredentials(false)
			.maxAge(3600);
	}

	/**
	 * Which pages may read images and metadata with {@code fetch}.
	 *
	 * @param allowedOrigins origin patterns ({@code https://app.example.com},
	 * {@code https://*.example.com}, or {@code *} for any page); empty for none
	 */
	@ConfigurationProperties("imagepipe.serving.cors")
	record CorsProperties(@DefaultValue("*") List<String> allowedOrigins) {
	}

}
