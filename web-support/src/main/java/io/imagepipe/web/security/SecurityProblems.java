package io.imagepipe.web.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the RFC 9457 problems of the security filters, which answer before Spring MVC
 * and its problem handling are reached. Only the type, title, status and a fixed detail
 * are written: never what the token library said. Each service that uses Spring Security
 * declares one as a bean.
 */
public class SecurityProblems {

	/** The prefix of every problem type of the API. */
	public static final String PROBLEM_PREFIX = "urn:imagepipe:problem:";

	private final JsonMapper json;

	/**
	 * @param json the service's JSON mapper
	 */
	public SecurityProblems(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Answer a problem.
	 * @param response the response, not yet committed
	 * @param status its status
	 * @param type the problem type after {@link #PROBLEM_PREFIX}
	 * @param detail what the client should know, in a sentence
	 * @throws IOException when the client is gone
	 */
	public void write(HttpServletResponse response, HttpStatus status, String type, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", PROBLEM_PREFIX + type);
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

}
