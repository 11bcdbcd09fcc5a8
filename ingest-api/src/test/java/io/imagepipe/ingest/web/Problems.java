package io.imagepipe.ingest.web;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks an RFC 9457 problem answer as a client reads it: its status, content type and
 * stable type, a detail in a sentence, and nothing of the server's internals.
 */
public final class Problems {

	private static final JsonMapper json = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * Check a problem answer.
	 * @param response the response
	 * @param status its expected status
	 * @param type its expected type after {@code urn:imagepipe:problem:}
	 * @return the problem
	 */
	public static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
		assertThat(response.body()).doesNotContain("Exception", "org.springframework", "trace", "\tat ");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:imagepipe:problem:" + type);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).isNotBlank();
		return problem;
	}

}
