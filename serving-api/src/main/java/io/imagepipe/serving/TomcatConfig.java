package io.imagepipe.serving;

import io.imagepipe.web.ProblemReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the answers Tomcat gives by itself, before a request reaches the application (a
 * malformed request line, path or header), problems with the security headers instead of
 * Tomcat's HTML error page.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfig {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemsForRequestsTomcatRefuses() {
		return (factory) -> factory.addContextCustomizers(ProblemReportValve::installOnHostOf);
	}

}
