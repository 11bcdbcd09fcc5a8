package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcess;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaling out as docs/scaling.md describes it: a second compression-worker process joins
 * the running one as a competing consumer of the same quorum queue, and both do the work.
 */
@ExtendWith(ServiceProcesses.class)
class ScaleOutTests {

	private final Pipeline pipeline;

	ScaleOutTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Test
	void twoWorkerProcessesShareTheQueueAndBothProcessUploads() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		int port = NginxFront.freePort();
		Map<String, String> environment = new HashMap<>(Map.of("DATABASE_URL", infrastructure.jdbcUrl(),
				"DATABASE_USER", infrastructure.user(), "DATABASE_PASSWORD", infrastructure.password(), "RABBITMQ_HOST",
				infrastructure.rabbitHost(), "RABBITMQ_PORT", String.valueOf(infrastructure.rabbitPort()),
				"MESSAGING_NAMESPACE", infrastructure.namespace(), "WORKER_PORT", String.valueOf(port)));
		Path logs = Path.of(ServiceProcesses.requiredProperty("e2e.logs"));
		ServiceProcess second = ServiceProcess.start("compression-worker-2",
				Path.of(ServiceProcesses.requiredProperty("e2e.jar.compression-worker")), port, environment, logs);
		try {
			second.awaitHealthy(Duration.ofSeconds(90));
			assertThat(consumersOfTheWorkQueue(infrastructure)).as("consumers of the work queue")
				.isGreaterThanOrEqualTo(2);

			List<URI> statusUrls = new ArrayList<>();
			String[] photos = { "Landscape_0", "Landscape_2", "Landscape_3", "Landscape_4", "Portrait_0", "Portrait_2",
					"Portrait_3", "Portrait_4" };
			// a batch for many owners at once, as a backend sends it: the service token
			String service = TestTokens.service();
			for (int i = 0; i < photos.length; i++) {
				statusUrls
					.add(OpsUploads.upload(this.pipeline, service, "users/e2e-scale-" + i + "/profile", photos[i]));
			}
			List<String> uploadIds = new ArrayList<>();
			for (URI statusUrl : statusUrls) {
				OpsUploads.awaitDone(statusUrl);
				uploadIds.add(statusUrl.getPath().substring(statusUrl.getPath().lastIndexOf('/') + 1));
			}

			long byFirst = processedIn(logs.resolve("compression-worker.log"), uploadIds);
			long bySecond = processedIn(logs.resolve("compression-worker-2.log"), uploadIds);
			assertThat(byFirst + bySecond).as("uploads processed by either worker").isEqualTo(photos.length);
			assertThat(byFirst).as("uploads processed by the first worker").isPositive();
			assertThat(bySecond).as("uploads processed by the second worker").isPositive();
		}
		finally {
			second.stop(Duration.ofSeconds(15));
		}
	}

	private static long processedIn(Path log, List<String> uploadIds) throws IOException {
		String text = Files.readString(log);
		return uploadIds.stream().filter((id) -> text.contains("Upload " + id + " for ")).count();
	}

	private static int consumersOfTheWorkQueue(TestInfrastructure infrastructure) throws Exception {
		try (Connection connection = infrastructure.openBrokerConnection();
				Channel channel = connection.createChannel()) {
			AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(infrastructure.namespace() + ".compress");
			return queue.getConsumerCount();
		}
	}

}
