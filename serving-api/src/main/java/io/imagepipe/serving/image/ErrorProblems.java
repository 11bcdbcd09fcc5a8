package io.imagepipe.serving.image;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answers of {@code /error}, which replace Spring Boot's default error controller
 * (its JSON of error attributes and its whitelabel HTML page). Tomcat forwards here what
 * no controller answered: a method it refuses itself, such as {@code TRACE}, or an
 * exception thrown outside Spring MVC (Tomcat logs it). The answer is always a problem
 * with a fixed text per status; nothing of the request or the failure is echoed. Asked
 * for directly, {@code /error} is a path like any other: {@code 404}.
 */
@RestController
class ErrorProblems implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ImageProblems.notFound());
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null || status.is5xxServerError()) {
			return ResponseEntity.internalServerError().body(ImageProblems.internalError());
		}
		ProblemDetail problem = switch (status) {
			case NOT_FOUND -> ImageProblems.notFound();
			case BAD_REQUEST -> ImageProblems.malformedRequest();
			default -> ProblemDetail.forStatus(status);
		};
		return ResponseEntity.status(status).body(problem);
	}

}
