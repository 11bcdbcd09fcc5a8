package io.imagepipe.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three services' readiness and liveness, on their management ports, while the real
 * PostgreSQL and RabbitMQ go away and come back: readiness goes DOWN (503) when a server
 * the service needs is unreachable and UP again when it returns; liveness stays UP
 * throughout, so an orchestrator takes the instance out of rotation and never restarts it
 * for an outage that is not its own. The servers are cut by a TCP proxy in front of them,
 * so the shared servers other tests use keep running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessTests {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration SWITCH = Duration.ofSeconds(40);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final TestInfrastructure infrastructure = TestInfrastructure.create();

	private final List<ServiceProcess> services = new ArrayList<>();

	private TcpProxy database;

	private TcpProxy broker;

	private ServiceProcess ingest;

	private ServiceProcess worker;

	private ServiceProcess serving;

	@BeforeAll
	void start() throws IOException {
		String[] database = hostAndPort(this.infrastructure.jdbcUrl());
		this.database = TcpProxy.to(database[0], Integer.parseInt(database[1]));
		this.broker = TcpProxy.to(this.infrastructure.rabbitHost(), this.infrastructure.rabbitPort());
		int workerPort = ServiceProcess.freePort();
		Map<String, String> environment = new HashMap<>(Map.of("DATABASE_URL",
				"jdbc:postgresql://127.0.0.1:" + this.database.port() + "/" + this.infrastructure.database(),
				"DATABASE_USER", this.infrastructure.user(), "DATABASE_PASSWORD", this.infrastructure.password(),
				"RABBITMQ_HOST", "127.0.0.1", "RABBITMQ_PORT", String.valueOf(this.broker.port()),
				"MESSAGING_NAMESPACE", this.infrastructure.namespace(), "WORKER_PORT", String.valueOf(workerPort)));
		Map<String, String> ingestEnvironment = new HashMap<>(environment);
		int ingestPort = ServiceProcess.freePort();
		ingestEnvironment.putAll(Map.of("JWT_SECRET", TestTokens.SECRET, "INGEST_PORT", String.valueOf(ingestPort)));
		this.ingest = started(
				ServiceProcess.start("ingest-api", jar("ingest-api"), ingestPort, ingestEnvironment, logs()));
		this.ingest.awaitHealthy(STARTUP);
		this.worker = started(
				ServiceProcess.start("compression-worker", jar("compression-worker"), workerPort, environment, logs()));
		int servingPort = ServiceProcess.freePort();
		Map<String, String> servingEnvironment = new HashMap<>(environment);
		servingEnvironment.put("SERVING_PORT", String.valueOf(servingPort));
		this.serving = started(
				ServiceProcess.start("serving-api", jar("serving-api"), servingPort, servingEnvironment, logs()));
		this.worker.awaitHealthy(STARTUP);
		this.serving.awaitHealthy(STARTUP);
	}

	@AfterAll
	void stop() {
		for (ServiceProcess service : this.services) {
			service.stop(Duration.ofSeconds(10));
		}
		if (this.database != null) {
			this.database.close();
		}
		if (this.broker != null) {
			this.broker.close();
		}
	}

	@Test
	void readinessFollowsTheDatabase() {
		awaitReadiness(200, this.ingest, this.worker, this.serving);
		this.database.cut();
		try {
			awaitReadiness(503, this.ingest, this.worker, this.serving);
			assertLive(this.ingest, this.worker, this.serving);
		}
		finally {
			this.database.restore();
		}
		awaitReadiness(200, this.ingest, this.worker, this.serving);
	}

	@Test
	void readinessFollowsTheBrokerWhereTheServiceNeedsIt() {
		awaitReadiness(200, this.ingest, this.worker, this.serving);
		this.broker.cut();
		try {
			awaitReadiness(503, this.ingest, this.worker);
			assertLive(this.ingest, this.worker, this.serving);
			// serving-api reads the database only: the broker is none of its business
			assertThat(status(this.serving, "/actuator/health/readiness")).isEqualTo(200);
		}
		finally {
			this.broker.restore();
		}
		awaitReadiness(200, this.ingest, this.worker, this.serving);
	}

	@Test
	void managementEndpointsAreNotOnThePublicPorts() {
		for (ServiceProcess service : List.of(this.ingest, this.serving)) {
			assertThat(service.managementUrl()).isNotEqualTo(service.baseUrl());
			assertThat(get(service.baseUrl().resolve("/actuator/prometheus").toString()))
				.as(service.name() + " public port")
				.isIn(401, 404);
			assertThat(status(service, "/actuator/prometheus")).as(service.name() + " management port").isEqualTo(200);
		}
	}

	private void awaitReadiness(int expected, ServiceProcess... services) {
		for (ServiceProcess service : services) {
			await().atMost(SWITCH)
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(status(service, "/actuator/health/readiness"))
					.as(service.name() + " readiness")
					.isEqualTo(expected));
		}
	}

	private void assertLive(ServiceProcess... services) {
		for (ServiceProcess service : services) {
			assertThat(status(service, "/actuator/health/liveness")).as(service.name() + " liveness").isEqualTo(200);
		}
	}

	private static int status(ServiceProcess service, String path) {
		return get(service.managementUrl().resolve(path).toString());
	}

	private static int get(String url) {
		try {
			return http
				.send(HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private ServiceProcess started(ServiceProcess service) {
		this.services.add(service);
		return service;
	}

	private static String[] hostAndPort(String jdbcUrl) {
		String hostAndPort = jdbcUrl.substring("jdbc:postgresql://".length(), jdbcUrl.lastIndexOf('/'));
		int colon = hostAndPort.lastIndexOf(':');
		return new String[] { hostAndPort.substring(0, colon), hostAndPort.substring(colon + 1) };
	}

	private static Path jar(String name) {
		return Path.of(ServiceProcesses.requiredProperty("e2e.jar." + name));
	}

	private static Path logs() {
		return Path.of(ServiceProcesses.requiredProperty("e2e.logs"), "readiness");
	}

}
