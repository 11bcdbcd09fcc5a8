package io.imagepipe.web;

import java.util.Map;
import java.util.function.Supplier;

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
 * fixed text per status, the service's own; nothing of the request or the failure is
 * echoed. Asked for directly, {@code /error} is a path like any other: {@code 404}.
 *
 * <p>
 * A service declares it as a bean with its problems; component scanning never sees this
 * package.
 */
@RestController
public class ErrorProblems implements ErrorController {

	private final Map<HttpStatus, Supplier<ProblemDetail>> problems;

	/**
	 * The answers of a service.
	 * @param problems the problem of each status the service words itself; at least
	 * {@code 404}, which also answers {@code /error} asked for directly, and {@code 500},
	 * which answers every 5xx. Any other status gets a problem of that status alone.
	 */
	public ErrorProblems(Map<HttpStatus, Supplier<ProblemDetail>> problems) {
		if (!problems.containsKey(HttpStatus.NOT_FOUND) || !problems.containsKey(HttpStatus.INTERNAL_SERVER_ERROR)) {
			throw new IllegalArgumentException("The problems of 404 and 500 are needed");
		}
		this.problems = Map.copyOf(problems);
	}

	/**
	 * The answers of a service whose API words them the way imagepipe's APIs do
	 * (ingest-api, ops-console): {@code not-found}, {@code internal-error},
	 * {@code malformed-request} and {@code method-not-allowed}.
	 * @return the answers
	 */
	public static ErrorProblems standard() {
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

	@RequestMapping("${server.error.path:/error}")
	public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
			return answer(HttpStatus.NOT_FOUND);
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null || status.is5xxServerError()) {
			return answer(HttpStatus.INTERNAL_SERVER_ERROR);
		}
		return answer(status);
	}

	private ResponseEntity<ProblemDetail> answer(HttpStatus status) {
		// a new problem each time: Spring MVC sets its instance to the request's path
		ProblemDetail problem = this.problems.getOrDefault(status, () -> ProblemDetail.forStatus(status)).get();
		return ResponseEntity.status(status).body(problem);
	}

}
