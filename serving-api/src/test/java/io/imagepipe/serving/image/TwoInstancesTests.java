package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.ServingApplication;
import io.imagepipe.serving.image.TestImages.Stored;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two serving-api instances against the same PostgreSQL and RabbitMQ, each keeping the
 * metadata of the images it serves: a new image committed after both served the old one
 * at the stable URL is served by both, told by the writer's message alone (the poll is an
 * hour apart here), or by the poll alone (no message sent). The waits are generous
 * multiples of the documented bounds (milliseconds after the message; the poll interval,
 * 300 ms here, on a database without replica lag), as this machine may be loaded: the
 * tests prove that both instances follow, not how fast.
 */
class TwoInstancesTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final HttpClient http = HttpClient.newHttpClient();

	@Test
	void bothInstancesServeANewImageAtTheStableUrlOnceTheWriterAnnouncesIt() throws Exception {
		try (ConfigurableApplicationContext a = start("1h"); ConfigurableApplicationContext b = start("1h")) {
			ImageKey key = ServingTest.newProfile();
			Stored first = TestImages.storeUnannounced(key, TestImages.webp(Color.RED), "image/webp");
			List<ConfigurableApplicationContext> instances = List.of(a, b);
			for (ConfigurableApplicationContext instance : instances) {
				awaitFollowing(instance);
				get(instance, key.path());
				assertThat(get(instance, key.path()).body()).isEqualTo(first.bytes());
			}

			Stored second = TestImages.storeUnannounced(key, TestImages.webp(Color.BLUE), "image/webp");
			for (ConfigurableApplicationContext instance : instances) {
				assertThat(get(instance, key.path()).body()).as("from memory, before the announcement")
					.isEqualTo(first.bytes());
				HttpResponse<byte[]> versioned = get(instance, key.path() + "?v=" + second.version());
				assertThat(versioned.body()).as("a v unknown to memory is read").isEqualTo(second.bytes());
				assertThat(versioned.headers().firstValue("Cache-Control")).hasValue(ImageResponses.IMMUTABLE);
			}
			Stored third = TestImages.storeUnannounced(key, TestImages.webp(Color.GREEN), "image/webp");
			announce(new ImageChange(key, TestImages.changeSeq(key)));

			for (ConfigurableApplicationContext instance : instances) {
				await("the new image at the stable URL").atMost(WAIT)
					.until(() -> get(instance, key.path()).body(),
							(body) -> java.util.Arrays.equals(body, third.bytes()));
				HttpResponse<byte[]> stable = get(instance, key.path());
				assertThat(stable.headers().firstValue("ETag")).hasValue(third.etag());
				assertThat(stable.headers().firstValue("Cache-Control")).hasValue(ImageResponses.REVALIDATE);
			}
		}
	}

	@Test
	void bothInstancesFindANewImageAndADeletionByThePollWithoutAnyMessage() throws Exception {
		try (ConfigurableApplicationContext a = start("300ms"); ConfigurableApplicationContext b = start("300ms")) {
			ImageKey key = ServingTest.newProfile();
			Stored first = TestImages.storeUnannounced(key, TestImages.webp(Color.RED), "image/webp");
			List<ConfigurableApplicationContext> instances = List.of(a, b);
			for (ConfigurableApplicationContext instance : instances) {
				awaitFollowing(instance);
				get(instance, key.path());
				assertThat(get(instance, key.path()).body()).isEqualTo(first.bytes());
			}

			Stored second = TestImages.storeUnannounced(key, TestImages.webp(Color.BLUE), "image/webp");
			for (ConfigurableApplicationContext instance : instances) {
				await("the new image at the stable URL").atMost(WAIT)
					.until(() -> get(instance, key.path()).body(),
							(body) -> java.util.Arrays.equals(body, second.bytes()));
			}

			TestImages.deleteUnannounced(key);
			for (ConfigurableApplicationContext instance : instances) {
				await("the deletion").atMost(WAIT).until(() -> get(instance, key.path()).statusCode(), (s) -> s == 404);
			}
		}
	}

	private static ConfigurableApplicationContext start(String pollInterval) {
		TestInfrastructure infrastructure = TestImages.database();
		Map<String, Object> properties = new HashMap<>(infrastructure.properties());
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("imagepipe.serving.change-poll-interval", pollInterval);
		properties.put("imagepipe.serving.change-lookback", "0s");
		properties.put("logging.structured.format.console", "");
		// as command-line arguments, which win over application.yml
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(ServingApplication.class).run(arguments);
	}

	/** Wait until the instance keeps metadata. */
	private static void awaitFollowing(ConfigurableApplicationContext instance) {
		await("the instance following the changes").atMost(WAIT)
			.until(() -> instance.getBean(CurrentImages.class).isFollowing());
	}

	/** Publish a change as compression-worker does after its commit. */
	private static void announce(ImageChange change) throws Exception {
		TestInfrastructure infrastructure = TestImages.database();
		try (Connection connection = infrastructure.openBrokerConnection();
				Channel channel = connection.createChannel()) {
			String exchange = ImageChange.exchange(infrastructure.namespace());
			channel.exchangeDeclare(exchange, "fanout", true);
			channel.basicPublish(exchange, "", null, change.body());
		}
	}

	private static HttpResponse<byte[]> get(ConfigurableApplicationContext instance, String path) throws Exception {
		String port = instance.getEnvironment().getProperty("local.server.port");
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

}
