package io.imagepipe.ingest.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answers of {@code /error}, in place of Spring Boot's default error controller (its
 * JSON of error attributes and its whitelabel HTML page). Tomcat forwards here what no
 * controller answered: a method it refuses itself, such as {@code TRACE}, or an exception
 * thrown outside Spring MVC (logged by Tomcat). The answer is always a problem with a
 * fixed text per status; nothing of the request or the failure is echoed. Asked for
 * directly, {@code /error} is a path like any other: {@code 404}.
 */
@RestController
class ErrorProblems implements ErrorController {

	private static final String TYPE_PREFIX = "urn:imagepipe:problem:";

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
			return answer(HttpStatus.NOT_FOUND, "not-found", "There is nothing at this path.");
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null || status.is5xxServerError()) {
			return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
					"Something went wrong on our side. The error is logged.");
		}
		return switch (status) {
			case NOT_FOUND -> answer(status, "not-found", "There is nothing at this path.");
			case BAD_REQUEST -> answer(status, "malformed-request", "The request URL or its headers are malformed.");
			case METHOD_NOT_ALLOWED -> answer(status, "method-not-allowed", "This method is not allowed here.");
			default -> ResponseEntity.status(status).body(ProblemDetail.forStatus(status));
		};
	}

	private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		return ResponseEntity.status(status).body(problem);
	}

}
