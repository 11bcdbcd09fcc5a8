package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageKey;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.worker.compress.TestImages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A written image is announced to serving-api after the commit: one message on the fanout
 * exchange, with the image and the change number its row holds; an upload that is not
 * written (superseded) announces nothing.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ImageChangeAnnouncementTests {

	@Autowired
	JobProcessor processor;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aWrittenImageIsAnnouncedWithTheChangeNumberOfItsRow() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		String owner = "announced-" + UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = infrastructure.openBrokerConnection();
				Channel channel = connection.createChannel()) {
			// as a serving-api instance does: a queue of its own on the fanout exchange
			channel.exchangeDeclare(ImageChange.exchange(infrastructure.namespace()), "fanout", true);
			String queue = channel.queueDeclare().getQueue();
			channel.queueBind(queue, ImageChange.exchange(infrastructure.namespace()), "");

			UUID older = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"));
			UUID newer = insertUpload(owner, TestImages.corpus("Portrait_1.jpg"));
			assertThat(this.processor.process(newer)).isEqualTo(JobProcessor.Outcome.DONE);
			assertThat(this.processor.process(older)).isEqualTo(JobProcessor.Outcome.SUPERSEDED);

			long changeSeq = this.jdbc.sql("SELECT change_seq FROM images WHERE owner_id = :owner")
				.param("owner", owner)
				.query(Long.class)
				.single();
			GetResponse announced = await("the announcement").atMost(Duration.ofSeconds(10))
				.until(() -> channel.basicGet(queue, true), Objects::nonNull);
			assertThat(ImageChange.parse(announced.getBody()))
				.isEqualTo(new ImageChange(new ImageKey("users", owner, "profile"), changeSeq));
			assertThat(channel.basicGet(queue, true)).as("nothing announced for the superseded upload").isNull();
		}
	}

	private UUID insertUpload(String ownerId, byte[] bytes) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
				VALUES (:id, 'users', :owner, 'profile', 'image/jpeg', :size, 1, 1, :bytes)
				""").param("id", id).param("owner", ownerId).param("size", bytes.length).param("bytes", bytes).update();
		return id;
	}

}
