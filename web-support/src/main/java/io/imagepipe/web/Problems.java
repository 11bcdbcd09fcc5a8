package io.imagepipe.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

/**
 * The one builder of the services' RFC 9457 problems: a stable type under
 * {@value #TYPE_PREFIX}, a title, the status and a detail written for the client (never
 * what a library said). docs/api-errors.md lists every type. A controller throws
 * {@link #exception}, an exception handler answers {@link #answer} or
 * {@link #retryLater}, and a servlet filter, which runs before Spring MVC, uses
 * {@link #write}.
 */
public final class Problems {

	/** The prefix of every problem type. */
	public static final String TYPE_PREFIX = "urn:imagepipe:problem:";

	private static final String ABOUT_BLANK = "about:blank";

	private Problems() {
	}

	/**
	 * A problem of a type.
	 * @param status its status
	 * @param type the type after {@value #TYPE_PREFIX}, such as {@code not-found}
	 * @param title its title, or {@code null} for the reason phrase of the status
	 * @param detail what the client should know, in a sentence or two
	 * @return a new problem
	 */
	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		if (title != null) {
			problem.setTitle(title);
		}
		return problem;
	}

	/**
	 * A problem to throw from a controller: Spring MVC answers it as it is.
	 * @param status its status
	 * @param type the type after {@value #TYPE_PREFIX}
	 * @param title its title, or {@code null} for the reason phrase of the status
	 * @param detail what the client should know
	 * @return the exception to throw
	 */
	public static ErrorResponseException exception(HttpStatusCode status, String type, String title, String detail) {
		return new ErrorResponseException(status, of(status, type, title, detail), null);
	}

	/**
	 * The answer of an exception handler.
	 * @param problem the problem
	 * @return the answer, with the problem's status
	 */
	public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/**
	 * The answer that asks the client to come back: the problem's status and a
	 * {@code Retry-After} in seconds.
	 * @param problem the problem, usually 503
	 * @param seconds when to try again, at least 1
	 * @return the answer
	 */
	public static ResponseEntity<ProblemDetail> retryLater(ProblemDetail problem, long seconds) {
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds)))
			.body(problem);
	}

	/**
	 * Answer a problem from a servlet filter, before Spring MVC and its problem handling
	 * are reached.
	 * @param response the response, not yet committed
	 * @param problem the problem
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(problem));
	}

	/**
	 * Answer a problem titled with the reason phrase of its status from a servlet filter,
	 * such as the refusals of the security filters.
	 * @param response the response, not yet committed
	 * @param status its status
	 * @param type the type after {@value #TYPE_PREFIX}
	 * @param detail what the client should know, never what a library said
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletResponse response, HttpStatusCode status, String type, String detail)
			throws IOException {
		write(response, of(status, type, null, detail));
	}

	/**
	 * A problem as JSON, its members in the order of RFC 9457 (type, title, status,
	 * detail, instance) and then its extension members; no type when it has none.
	 * @param problem the problem
	 * @return the JSON text
	 */
	public static String json(ProblemDetail problem) {
		Map<String, Object> members = new LinkedHashMap<>();
		if (!ABOUT_BLANK.equals(problem.getType().toString())) {
			members.put("type", problem.getType().toString());
		}
		members.put("title", problem.getTitle());
		members.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			members.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			members.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			members.putAll(problem.getProperties());
		}
		return JsonMapper.shared().writeValueAsString(members);
	}

}
