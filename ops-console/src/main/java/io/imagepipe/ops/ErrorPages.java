package io.imagepipe.ops;

import io.imagepipe.web.ErrorProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The answers of {@code /error}: what no controller answered, such as a method Tomcat
 * refuses itself or an exception thrown outside Spring MVC, as problems with fixed text
 * ({@link ErrorProblems#standard()}).
 */
@Configuration(proxyBeanMethods = false)
class ErrorPages {

	@Bean
	ErrorProblems errorProblems() {
		return ErrorProblems.standard();
	}

}
