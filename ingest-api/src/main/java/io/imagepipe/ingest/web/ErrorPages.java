package io.imagepipe.ingest.web;

import java.util.Map;

import io.imagepipe.web.ErrorProblems;
import io.imagepipe.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The answers of {@code /error}: what no controller answered, such as a method Tomcat
 * refuses itself or an exception thrown outside Spring MVC, as problems with fixed text.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPages {

	@Bean
	ErrorProblems errorProblems() {
		return new ErrorProblems(
				Map.of(HttpStatus.NOT_FOUND,
						() -> Problems.of(HttpStatus.NOT_FOUND, "not-found", null, "There is nothing at this path."),
						HttpStatus.INTERNAL_SERVER_ERROR, () -> Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
								"internal-error", null, "Something went wrong on our side. The error is logged."),
						HttpStatus.BAD_REQUEST,
						() -> Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", null,
								"The request URL or its headers are malformed."),
						HttpStatus.METHOD_NOT_ALLOWED, () -> Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
								"method-not-allowed", null, "This method is not allowed here.")));
	}

}
