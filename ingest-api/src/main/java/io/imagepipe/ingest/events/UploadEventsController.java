package io.imagepipe.ingest.events;

import java.util.Optional;
import java.util.UUID;

import io.imagepipe.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event stream of one upload, for browsers: {@code text/event-stream}, unbuffered by
 * nginx ({@code X-Accel-Buffering: no}), never cached.
 */
@RestController
class UploadEventsController {

	private static final Logger log = LoggerFactory.getLogger(UploadEventsController.class);

	private static final int RETRY_AFTER_SECONDS = 5;

	private final UploadStates states;

	private final UploadEvents events;

	private final UploadStreams streams;

	UploadEventsController(UploadStates states, UploadEvents events, UploadStreams streams) {
		this.states = states;
		this.events = events;
		this.streams = streams;
	}

	@Operation(summary = "Server-Sent Events of an upload: queued, processing, then ready, failed or superseded",
			responses = {
					@ApiResponse(responseCode = "200", description = "the event stream",
							content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
									schema = @Schema(type = "string", description = "Server-Sent Events"))),
					@ApiResponse(responseCode = "404", description = "no such upload",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)) })
	@GetMapping(path = "/api/v1/uploads/{id}/events")
	ResponseEntity<SseEmitter> events(@PathVariable String id) {
		UploadState state = parse(id).flatMap(this.states::find).orElseThrow(UploadEventsController::notFound);
		SseEmitter emitter = this.streams.open(state.id(), state.key(), this.events.eventFor(state));
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no")
			.body(emitter);
	}

	@ExceptionHandler(UploadStreams.TooManyStreams.class)
	ResponseEntity<ProblemDetail> tooManyStreams() {
		return unavailable("too-many-streams", "Too many event streams",
				"Too many uploads are being watched right now. Poll the upload's status URL instead.");
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex) {
		log.warn("Database unavailable for an upload event stream: {}", ex.toString());
		return unavailable("temporarily-unavailable", "Temporarily unavailable",
				"Upload events are paused for a moment. Try again shortly.");
	}

	private static ResponseEntity<ProblemDetail> unavailable(String type, String title, String detail) {
		ResponseEntity<ProblemDetail> answer = Problems
			.retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail), RETRY_AFTER_SECONDS);
		// named, since the mapping produces text/event-stream
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(answer.getBody());
	}

	private static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static ErrorResponseException notFound() {
		return Problems.exception(HttpStatus.NOT_FOUND, "upload-not-found", "Upload not found",
				"There is no such upload.");
	}

}
