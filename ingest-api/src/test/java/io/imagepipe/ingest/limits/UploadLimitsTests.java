package io.imagepipe.ingest.limits;

import java.io.ByteArrayOutputStream;
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
 * The upload limits over real HTTP against real PostgreSQL and RabbitMQ, with small
 * limits: 3 uploads per subject and 5 per client address an hour, one upload read at a
 * time. Client addresses are told by {@code X-Forwarded-For}, which Tomcat trusts from a
 * loopback client as it trusts it from nginx.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "imagepipe.limits.per-subject.capacity=3", "imagepipe.limits.per-subject.period=1h",
				"imagepipe.limits.per-address.capacity=5", "imagepipe.limits.per-address.period=1h",
				"resilience4j.bulkhead.instances.uploads.max-concurrent-calls=1",
				"resilience4j.bulkhead.instances.uploads.max-wait-duration=200ms" })
@DirtiesContext
class UploadLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void aSubjectOverItsRateGets429UntilItsAllowanceComesBack() throws Exception {
		String address = "198.51.100.1";
		for (int i = 0; i < 3; i++) {
			assertThat(upload("rate-a", address).statusCode()).isEqualTo(202);
		}
		assertRateLimited(upload("rate-a", address), Duration.ofMinutes(21));
		assertRateLimited(upload("rate-a", "198.51.100.99"), Duration.ofMinutes(21));
	}

	@Test
	void anAddressOverItsRateGets429ForEverySubjectWhileOtherAddressesGoOn() throws Exception {
		String address = "198.51.100.2";
		for (int i = 0; i < 3; i++) {
			assertThat(upload("rate-b", address).statusCode()).isEqualTo(202);
		}
		assertRateLimited(upload("rate-b", address), Duration.ofMinutes(21));
		// rate-b's refused upload took nothing from the address: 2 of its 5 uploads are
		// left
		assertThat(upload("rate-c", address).statusCode()).isEqualTo(202);
		assertThat(upload("rate-c", address).statusCode()).isEqualTo(202);
		assertRateLimited(upload("rate-c", address), Duration.ofMinutes(13));
		assertRateLimited(upload("rate-d", address), Duration.ofMinutes(13));
		assertThat(upload("rate-d", "198.51.100.3").statusCode()).as("another address has its own allowance")
			.isEqualTo(202);
	}

	@Test
	void aServiceIsNotRateLimitedAndLeavesTheAddressAllowanceToUsers() throws Exception {
		String address = "198.51.100.4";
		for (int i = 0; i < 8; i++) {
			HttpResponse<String> response = TestUploads.post(base(), "users/service-owned-" + i + "/profile",
					TestTokens.bearer(TestTokens.service()), "X-Forwarded-For", address);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}
		assertThat(upload("rate-e", address).statusCode()).isEqualTo(202);
	}

	@Test
	void anUploadWhileAnotherIsReadGets503UntilTheFirstIsDone() throws Exception {
		byte[] png = TestUploads.png();
		try (Socket slow = new Socket("127.0.0.1", this.port)) {
			OutputStream out = slow.getOutputStream();
			out.write(("POST /api/v1/images/users/slow/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: Bearer " + TestTokens.service() + "\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: " + png.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(png, 0, 10);
			out.flush();
			await("the slow upload to be read").atMost(Duration.ofSeconds(5)).until(() -> inProgress() == 1);

			long start = System.nanoTime();
			HttpResponse<String> busy = TestUploads.post(base(), "users/busy/profile",
					TestTokens.bearer(TestTokens.service()));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			Problems.assertProblem(busy, 503, "too-busy");
			assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");

			out.write(Arrays.copyOfRange(png, 10, png.length));
			out.flush();
			String answer = readAll(slow.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 202");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> inProgress() == 0);
		HttpResponse<String> again = TestUploads.post(base(), "users/busy/profile",
				TestTokens.bearer(TestTokens.service()));
		assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
	}

	private void assertRateLimited(HttpResponse<String> response, Duration atMost) {
		Problems.assertProblem(response, 429, "rate-limited");
		long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, atMost.toSeconds());
	}

	private HttpResponse<String> upload(String subject, String address) throws Exception {
		return TestUploads.post(base(), "users/" + subject + "/profile", TestTokens.bearer(TestTokens.user(subject)),
				"X-Forwarded-For", address);
	}

	private double inProgress() {
		return this.meters.get("imagepipe.uploads.in.progress").gauge().value();
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private static String readAll(InputStream in) throws Exception {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		in.transferTo(answer);
		return answer.toString(StandardCharsets.US_ASCII);
	}

}
