package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.imagepipe.contract.ImageKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees when there is no image to serve, or when serving fails.
 */
class ImageProblemTests extends ServingTest {

	@Autowired
	JsonMapper json;

	@Test
	void answersNotFoundProblemForAMissingImage() throws Exception {
		HttpResponse<byte[]> response = get(newProfile().path());

		assertProblem(response, 404, "urn:imagepipe:problem:image-not-found");
		assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(header(response, "ETag")).isNull();
	}

	@Test
	void neverServesTheRawUploadOfAnImageNotYetCompressed() throws Exception {
		ImageKey key = newProfile();
		TestImages.storeUpload(key, TestImages.webp(Color.RED));

		assertProblem(get(key.path()), 404, "urn:imagepipe:problem:image-not-found");
		assertProblem(head(key.path()), 404, null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/images/users/42/avatar", "/images/teams/42/profile", "/images/users/42/logo",
			"/images/Users/42/profile" })
	void answersNotFoundProblemForAnUnknownSlot(String path) throws Exception {
		assertProblem(get(path), 404, "urn:imagepipe:problem:unknown-slot");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/images/users/-42/profile", "/images/users/a%20b/profile", "/images/users/%C3%A9/profile",
			"/images/users/12345678901234567890123456789012345678901234567890123456789012345/profile" })
	void answersNotFoundProblemForAnInvalidOwnerId(String path) throws Exception {
		assertProblem(get(path), 404, "urn:imagepipe:problem:image-not-found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/images", "/images/users/42", "/images/users/42/profile/other" })
	void answersNotFoundProblemOutsideTheImages(String path) throws Exception {
		assertProblem(get(path), 404, "urn:imagepipe:problem:not-found");
	}

	@Test
	void answersGenericProblemWithoutInternalsWhenServingFails() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, "not a WebP file".getBytes(StandardCharsets.US_ASCII));

		HttpResponse<byte[]> response = get(key.path());

		JsonNode problem = assertProblem(response, 500, "urn:imagepipe:problem:internal-error");
		assertThat(new String(response.body())).doesNotContainIgnoringCase("webp")
			.doesNotContain("Exception")
			.doesNotContain("at io.imagepipe");
		assertThat(problem.get("detail").asString())
			.isEqualTo("Something went wrong on our side. The error is logged.");
	}

	@Test
	void exposesOnlyHealthInfoAndMetricsOfTheActuatorOnTheManagementPort() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator/info" }) {
			assertProblem(get(path), 404, "urn:imagepipe:problem:not-found");
		}
		HttpResponse<byte[]> health = management("/actuator/health");
		JsonNode body = this.json.readTree(health.body());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(body.get("status").asString()).isEqualTo("UP");
		assertThat(body.get("components").get("db").get("status").asString()).isEqualTo("UP");
		assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
		JsonNode info = this.json.readTree(management("/actuator/info").body());
		assertThat(info.get("build").get("artifact").asString()).isEqualTo("serving-api");
		for (String hidden : new String[] { "/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/heapdump", "/actuator/loggers" }) {
			assertThat(management(hidden).statusCode()).as(hidden).isEqualTo(404);
		}
		get("/images/users/metrics-probe/profile");
		String metrics = new String(management("/actuator/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(metrics).contains("http_server_requests_seconds_count").contains("hikaricp_connections");
	}

	private JsonNode assertProblem(HttpResponse<byte[]> response, int status, String type) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
		if (type == null) {
			return null;
		}
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo(type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		return problem;
	}

}
