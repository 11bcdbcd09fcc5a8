package io.imagepipe.ingest;

import io.imagepipe.web.ProblemReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an encoded slash in a path segment reach the application, which refuses it with a
 * problem response (an owner id never contains one), and makes the answers Tomcat still
 * gives by itself (an encoded NUL, a malformed escape, headers too large) problems too,
 * instead of Tomcat's HTML error page.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfig {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheApplication() {
		return (factory) -> {
			factory.addConnectorCustomizers((connector) -> connector.setEncodedSolidusHandling("passthrough"));
			factory.addContextCustomizers(ProblemReportValve::installOnHostOf);
		};
	}

}
