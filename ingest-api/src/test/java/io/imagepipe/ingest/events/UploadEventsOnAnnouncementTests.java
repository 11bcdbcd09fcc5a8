package io.imagepipe.ingest.events;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageChangeAnnouncer;
import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.ingest.web.WorkerWrites;
import io.imagepipe.testsupport.ImagepipeTest;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload's stream hears that its image changed from compression-worker's announcement,
 * not from the next poll: with a poll interval of an hour, {@code ready} still arrives as
 * soon as the change is announced.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "imagepipe.events.poll-interval=1h")
class UploadEventsOnAnnouncementTests {

	private static final Duration SOON = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JobTopology topology;

	@Test
	void readyArrivesWhenTheWorkerAnnouncesTheChangeNotAtTheNextPoll() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/events-announced/profile");
		try (EventStream stream = EventStream.open(base().resolve("/api/v1/uploads/" + upload + "/events"))) {
			assertThat(stream.next(SOON).name()).isEqualTo("queued");
			new WorkerWrites(this.jdbc).done(upload, WorkerWrites.sha256('d'), 800, 600, "#a1b2c3", 64);
			assertThat(stream.quietFor(Duration.ofMillis(500))).as("no poll runs for an hour").isTrue();
			new ImageChangeAnnouncer(this.rabbit, this.topology.namespace())
				.announce(new ImageChange(new ImageKey("users", "events-announced", "profile"), 1));
			EventStream.Event ready = stream.next(SOON);
			assertThat(ready).isNotNull();
			assertThat(ready.name()).isEqualTo("ready");
			assertThat(ready.data().path("imageUrl").asString()).endsWith("?v=dddddddddddddddd");
		}
	}

	@Test
	void anotherImagesChangeLeavesTheStreamWaiting() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/events-unrelated/profile");
		try (EventStream stream = EventStream.open(base().resolve("/api/v1/uploads/" + upload + "/events"))) {
			assertThat(stream.next(SOON).name()).isEqualTo("queued");
			new WorkerWrites(this.jdbc).done(upload, WorkerWrites.sha256('e'), 800, 600, "#a1b2c3", 64);
			new ImageChangeAnnouncer(this.rabbit, this.topology.namespace())
				.announce(new ImageChange(new ImageKey("users", "someone-else", "profile"), 1));
			assertThat(stream.quietFor(Duration.ofMillis(500))).as("only the streams of the changed image are read")
				.isTrue();
		}
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

}
