package io.imagepipe.ops;

import io.imagepipe.web.ProblemReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the answers Tomcat gives by itself (a malformed escape, headers too large)
 * problems too, instead of Tomcat's HTML error page.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfig {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
		return (factory) -> factory.addContextCustomizers(ProblemReportValve::installOnHostOf);
	}

}
