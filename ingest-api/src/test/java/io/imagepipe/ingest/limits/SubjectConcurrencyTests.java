package io.imagepipe.ingest.limits;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.imagepipe.ingest.web.Problems;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One caller cannot hold every place among the uploads read at once: with one upload in
 * progress allowed per subject, a user whose upload is still arriving gets 429 for a
 * second one, while another user and a service go on; once the first is done, the user
 * may upload again.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "resilience4j.bulkhead.instances.uploads.max-concurrent-calls=4",
				"imagepipe.limits.max-concurrent-per-subject=1" })
@DirtiesContext
class SubjectConcurrencyTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void aSecondUploadOfTheSameUserWhileTheFirstArrivesGets429() throws Exception {
		byte[] png = TestUploads.png();
		try (Socket slow = new Socket("127.0.0.1", this.port)) {
			OutputStream out = slow.getOutputStream();
			out.write(("POST /api/v1/images/users/trickle/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: Bearer " + TestTokens.user("trickle") + "\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: " + png.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(png, 0, 10);
			out.flush();
			await("the slow upload to be read").atMost(Duration.ofSeconds(5)).until(() -> inProgress() == 1);

			HttpResponse<String> second = upload("trickle", TestTokens.user("trickle"));
			Problems.assertProblem(second, 429, "too-many-in-progress");
			assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(upload("someone-else", TestTokens.user("someone-else")).statusCode()).isEqualTo(202);
			assertThat(upload("trickle", TestTokens.service()).statusCode()).as("a service is not counted")
				.isEqualTo(202);

			out.write(Arrays.copyOfRange(png, 10, png.length));
			out.flush();
			assertThat(readAll(slow.getInputStream())).startsWith("HTTP/1.1 202");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> inProgress() == 0);
		HttpResponse<String> again = upload("trickle", TestTokens.user("trickle"));
		assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
	}

	private HttpResponse<String> upload(String user, String token) throws Exception {
		return TestUploads.post(URI.create("http://localhost:" + this.port), "users/" + user + "/profile",
				TestTokens.bearer(token));
	}

	private double inProgress() {
		return this.meters.get("imagepipe.uploads.in.progress").gauge().value();
	}

	private static String readAll(InputStream in) throws Exception {
		return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
	}

}
