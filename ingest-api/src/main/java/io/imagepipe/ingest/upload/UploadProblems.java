package io.imagepipe.ingest.upload;

import io.imagepipe.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem. Library messages and stack traces are
 * logged, never returned.
 */
@RestControllerAdvice
class UploadProblems extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(UploadProblems.class);

	private final UploadProperties properties;

	UploadProblems(UploadProperties properties) {
		this.properties = properties;
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		UploadRejected rejected = UploadRejected.tooLarge(this.properties.maxSize().toBytes());
		return ResponseEntity.status(rejected.getStatusCode()).body(rejected.getBody());
	}

	@ExceptionHandler(DatabaseGuard.DatabaseUnavailable.class)
	ResponseEntity<ProblemDetail> databaseUnavailable(DatabaseGuard.DatabaseUnavailable ex) {
		log.warn("Database unavailable: {}", ex.getCause().toString());
		return Problems.retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
				"Temporarily unavailable", "Uploads are paused for a moment. Try again shortly."),
				ex.retryAfter().toSeconds());
	}

	@ExceptionHandler(DatabaseGuard.DatabaseBusy.class)
	ResponseEntity<ProblemDetail> databaseBusy(DatabaseGuard.DatabaseBusy ex) {
		log.warn("No database connection free in time: {}", ex.getCause().toString());
		return Problems.retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "too-busy", "Too busy",
				"The service is taking as many uploads as it can. Try again in a moment."), 1);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return Problems.answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Something went wrong on our side. The error is logged."));
	}

}
