package io.imagepipe.ingest.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.ingest.web.WorkerWrites;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event stream of an upload over real HTTP against real PostgreSQL and RabbitMQ, with
 * the worker's writes made by the test: what a browser's EventSource receives.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "imagepipe.events.poll-interval=50ms", "imagepipe.events.heartbeat=200ms",
				"spring.datasource.hikari.maximum-pool-size=4" })
class UploadEventsTests {

	private static final Duration SOON = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UploadStreams streams;

	@Test
	void anUploadStreamsQueuedProcessingAndReadyWithItsNewVersionedUrlThenEnds() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/events-1/profile");
		WorkerWrites worker = new WorkerWrites(this.jdbc);
		try (EventStream stream = EventStream.open(events(upload))) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			assertThat(stream.headers().firstValue("X-Accel-Buffering")).hasValue("no");
			assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-cache");
			EventStream.Event queued = stream.next(SOON);
			assertThat(queued.name()).isEqualTo("queued");
			assertThat(queued.data().path("uploadId").asString()).isEqualTo(upload.toString());
			worker.processing(upload);
			assertThat(stream.next(SOON).name()).isEqualTo("processing");
			worker.done(upload, WorkerWrites.sha256('b'), 800, 600, "#a1b2c3", 64, 128, 256);
			EventStream.Event ready = stream.next(SOON);
			assertThat(ready.name()).isEqualTo("ready");
			JsonNode data = ready.data();
			assertThat(data.path("status").asString()).isEqualTo("done");
			assertThat(data.path("imageUrl").asString())
				.isEqualTo("http://localhost:8082/images/users/events-1/profile?v=bbbbbbbbbbbbbbbb");
			assertThat(data.has("width")).as("size and renditions are serving-api's /meta").isFalse();
			assertThat(stream.next(SOON)).as("the stream ends after ready").isNull();
		}
	}

	@Test
	void aFailedUploadSendsTheReasonAndAStreamOpenedLaterGetsItAtOnce() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/events-2/profile");
		String reason = "The image data is truncated: the file was cut off while it was uploaded or saved.";
		try (EventStream stream = EventStream.open(events(upload))) {
			assertThat(stream.next(SOON).name()).isEqualTo("queued");
			new WorkerWrites(this.jdbc).failed(upload, reason);
			EventStream.Event failed = stream.next(SOON);
			assertThat(failed.name()).isEqualTo("failed");
			assertThat(failed.data().path("reason").asString()).isEqualTo(reason);
			assertThat(stream.next(SOON)).isNull();
		}
		try (EventStream later = EventStream.open(events(upload))) {
			assertThat(later.next(SOON).data().path("reason").asString()).isEqualTo(reason);
			assertThat(later.next(SOON)).isNull();
		}
	}

	@Test
	void anUploadWhoseImageIsDeletedWhileItWaitsEndsWithADeletedEvent() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/events-deleted/profile");
		try (EventStream stream = EventStream.open(events(upload))) {
			assertThat(stream.next(SOON).name()).isEqualTo("queued");
			HttpResponse<String> deleted = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(base().resolve("/api/v1/images/users/events-deleted/profile"))
					.header("Authorization", TestTokens.bearer(TestTokens.user("events-deleted")))
					.DELETE()
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(deleted.statusCode()).isEqualTo(204);
			EventStream.Event event = stream.next(SOON);
			assertThat(event.name()).isEqualTo("deleted");
			assertThat(event.data().path("status").asString()).isEqualTo("deleted");
			assertThat(stream.next(SOON)).as("the stream ends").isNull();
		}
	}

	@Test
	void manyOpenStreamsNeedNoDatabaseConnectionEach() throws Exception {
		int count = 24;
		List<UUID> uploads = new ArrayList<>();
		List<EventStream> open = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				UUID upload = TestUploads.upload(base(), "users/events-many-" + i + "/profile");
				uploads.add(upload);
				EventStream stream = EventStream.open(events(upload));
				assertThat(stream.next(SOON).name()).isEqualTo("queued");
				open.add(stream);
			}
			// 24 streams are open on a pool of 4 connections
			WorkerWrites worker = new WorkerWrites(this.jdbc);
			uploads.forEach((upload) -> worker.done(upload, WorkerWrites.sha256('c'), 64, 64, null));
			for (EventStream stream : open) {
				assertThat(stream.next(SOON).name()).isEqualTo("ready");
			}
		}
		finally {
			open.forEach(EventStream::close);
		}
	}

	@Test
	void aClientThatGoesAwayIsDroppedAtTheNextHeartbeat() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/events-3/profile");
		EventStream stream = EventStream.open(events(upload));
		assertThat(stream.next(SOON).name()).isEqualTo("queued");
		await().atMost(SOON).until(() -> isOpen(upload));
		stream.close();
		await("the stream to be dropped").atMost(SOON).until(() -> !isOpen(upload));
	}

	@Test
	void anUnknownUploadIsANotFoundProblem() throws Exception {
		for (String id : new String[] { UUID.randomUUID().toString(), "not-a-uuid" }) {
			try (EventStream stream = EventStream.open(base().resolve("/api/v1/uploads/" + id + "/events"))) {
				assertThat(stream.status()).isEqualTo(404);
				assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(stream.next(SOON)).isNull();
			}
		}
	}

	private boolean isOpen(UUID upload) {
		return this.streams.all().stream().anyMatch((stream) -> stream.uploadId().equals(upload));
	}

	private URI events(UUID upload) {
		return base().resolve("/api/v1/uploads/" + upload + "/events");
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

}
