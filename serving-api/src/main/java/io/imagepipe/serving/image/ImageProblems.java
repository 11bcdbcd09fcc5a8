package io.imagepipe.serving.image;

import io.imagepipe.web.Problems;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem. Library messages and stack traces are
 * logged, never returned. {@link ErrorPages} answers the few that reach {@code /error}
 * instead, and {@code ProblemReportValve} those Tomcat refuses before any of this runs.
 */
@RestControllerAdvice
class ImageProblems extends ResponseEntityExceptionHandler {

	/** Seconds a client should wait before asking again while the database is away. */
	static final long RETRY_AFTER_SECONDS = 5;

	private static final Logger log = LoggerFactory.getLogger(ImageProblems.class);

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return notFoundAnswer();
	}

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return notFoundAnswer();
	}

	/**
	 * The problem for anything that failed on our side: the same generic text whatever
	 * failed, the details are in the log.
	 * @return the problem
	 */
	static ProblemDetail internalError() {
		return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Something went wrong on our side. The error is logged.");
	}

	/**
	 * The problem for a path that serves nothing.
	 * @return the problem
	 */
	static ProblemDetail notFound() {
		return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
				"There is nothing here. Images live at /images/{ownerType}/{ownerId}/{slot}.");
	}

	/**
	 * The problem for a request that cannot be read, such as a query with a broken
	 * percent-encoding. Nothing of the request is echoed back.
	 * @return the problem
	 */
	static ProblemDetail malformedRequest() {
		return Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
				"The request URL or its headers are malformed.");
	}

	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException ex) {
		return ResponseEntity.badRequest().body(malformedRequest());
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		log.warn("Database unavailable: {}", ex.toString());
		return Problems.retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
				"Temporarily unavailable", "Images cannot be read for a moment. Try again shortly."),
				RETRY_AFTER_SECONDS);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return ResponseEntity.internalServerError().body(internalError());
	}

	private static ResponseEntity<Object> notFoundAnswer() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(notFound());
	}

}
