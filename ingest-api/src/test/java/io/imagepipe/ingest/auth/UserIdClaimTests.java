package io.imagepipe.ingest.auth;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code JWT_USER_ID_CLAIM}, the user id {@code users/{id}} must equal comes from
 * that claim, for identity providers whose subjects are not the app's user ids.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "imagepipe.auth.user-id-claim=user_id")
@DirtiesContext
class UserIdClaimTests {

	@LocalServerPort
	int port;

	@Test
	void theConfiguredClaimNamesTheUserAndTheSubjectNoLongerDoes() throws Exception {
		String token = token("auth0|5f2a9c", "ucl-42");
		assertThat(upload("users/ucl-42/profile", token).statusCode()).isEqualTo(202);
		String subjectOnly = token("ucl-43", null);
		HttpResponse<String> refused = upload("users/ucl-43/profile", subjectOnly);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(upload("users/ucl-43/profile", token).statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> upload(String image, String token) throws Exception {
		return TestUploads.post(URI.create("http://localhost:" + this.port), image, TestTokens.bearer(token));
	}

	private static String token(String subject, String userId) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plus(Duration.ofMinutes(5)))
			.claim("roles", List.of());
		if (userId != null) {
			claims.claim("user_id", userId);
		}
		return TestTokens.sign(claims.build(), TestTokens.SECRET);
	}

}
