package io.imagepipe.ingest.auth;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The demo pages ({@code /demo/profile.html}, {@code /demo/organizations.html}) exist
 * only where demo tokens do, under the {@code local} profile: without a token they could
 * not upload, and a production deployment has no use for them. The upload component they
 * use, {@code /imagepipe-upload.js}, is always served.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("imagepipe.auth.demo-tokens.enabled")
class DemoPagesConfig implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/demo/**").addResourceLocations("classpath:/demo/");
	}

}
