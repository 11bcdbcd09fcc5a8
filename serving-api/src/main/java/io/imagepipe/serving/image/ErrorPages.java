package io.imagepipe.serving.image;

import java.util.Map;

import io.imagepipe.web.ErrorProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The answers of {@code /error}: what no controller answered, such as a method Tomcat
 * refuses itself or an exception thrown outside Spring MVC, as the problems of
 * {@link ImageProblems}.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPages {

	@Bean
	ErrorProblems errorProblems() {
		return new ErrorProblems(Map.of(HttpStatus.NOT_FOUND, ImageProblems::notFound, HttpStatus.INTERNAL_SERVER_ERROR,
				ImageProblems::internalError, HttpStatus.BAD_REQUEST, ImageProblems::malformedRequest));
	}

}
