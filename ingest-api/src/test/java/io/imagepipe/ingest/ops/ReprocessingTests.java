package io.imagepipe.ingest.ops;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.ingest.IngestApplication;

import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reprocess action over real HTTP against real PostgreSQL: it runs in the background,
 * every served image gets one new upload from its original bytes, each copy names the
 * upload it remakes so that a newer upload always wins, one runs at a time across
 * instances, and one left running by a stopped instance is resumed where it ended.
 */
@OpsIntegrationTest
class ReprocessingTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	OpsClient ops;

	@BeforeEach
	void setUp() {
		this.ops = new OpsClient(this.port);
	}

	@Test
	void reprocessQueuesEachServedImageOnceFromItsOriginalAndSkipsImagesWithANewerUpload() throws Exception {
		String served = FailedUploadRows.uniqueOwner("reprocess");
		String replaced = FailedUploadRows.uniqueOwner("reprocess");
		UUID original = servedUpload(served);
		servedUpload(replaced);
		upload(replaced, "failed");

		JsonNode result = this.ops.runBulk("/api/v1/ops/reprocessing", Map.of());
		assertThat(result.get("action").asString()).isEqualTo("reprocess");
		assertThat(result.get("state").asString()).isEqualTo("done");
		assertThat(result.get("affected").asInt()).isPositive();
		assertThat(queuedCopies(served)).isEqualTo(1);
		assertThat(queuedCopies(replaced)).isZero();
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM uploads n JOIN uploads o ON o.id = :original
				WHERE n.owner_id = :owner AND n.status = 'queued' AND n.raw_bytes = o.raw_bytes
				  AND n.source_seq = o.seq
				""").param("original", original).param("owner", served).query(Integer.class).single()).isEqualTo(1);

		JsonNode again = this.ops.runBulk("/api/v1/ops/reprocessing", Map.of());
		assertThat(again.get("affected").asInt()).as("a second run queues nothing more").isZero();
		assertThat(queuedCopies(served)).isEqualTo(1);
	}

	@Test
	void aCopyMadeWhileTheUsersNewUploadIsBeingCommittedNamesTheOldUploadSoTheNewOneRanksAfterIt() throws Exception {
		String owner = FailedUploadRows.uniqueOwner("race");
		UUID original = servedUpload(owner);
		UUID users = UUID.randomUUID();
		try (Connection ingest = TestInfrastructure.get().openDatabaseConnection()) {
			// the user's upload is inserted, and its transaction still open, when the
			// batch runs
			ingest.setAutoCommit(false);
			try (PreparedStatement insert = ingest.prepareStatement("""
					INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height,
					                     raw_bytes)
					VALUES (?, 'users', ?, 'profile', 'image/png', ?, 8, 8, ?)
					""")) {
				insert.setObject(1, users);
				insert.setString(2, owner);
				insert.setInt(3, FailedUploadRows.png(8, 8).length);
				insert.setBytes(4, FailedUploadRows.png(8, 8));
				insert.executeUpdate();
			}
			JsonNode result = this.ops.runBulk("/api/v1/ops/reprocessing", Map.of());
			assertThat(result.get("state").asString()).isEqualTo("done");
			ingest.commit();
		}

		Map<String, Object> ranks = this.jdbc.sql("""
				SELECT o.seq AS original, u.seq AS users, c.seq AS copy, c.source_seq AS copy_source
				FROM uploads o, uploads u, uploads c
				WHERE o.id = :original AND u.id = :users AND c.owner_id = :owner AND c.source_seq IS NOT NULL
				""").param("original", original).param("users", users).param("owner", owner).query().singleRow();
		assertThat((Long) ranks.get("copy")).as("the copy's seq, taken after the user's upload's")
			.isGreaterThan((Long) ranks.get("users"));
		assertThat(ranks.get("copy_source")).as("the upload the copy remakes").isEqualTo(ranks.get("original"));
		assertThat((Long) ranks.get("copy_source")).as("so the worker ranks the user's upload after the copy")
			.isLessThan((Long) ranks.get("users"));
	}

	@Test
	void aSecondStartWhileOneRunsElsewhereIsAConflictNamingTheRunningAction() throws Exception {
		long running;
		try (Connection elsewhere = TestInfrastructure.get().openDatabaseConnection();
				PreparedStatement lock = elsewhere
					.prepareStatement("SELECT pg_advisory_lock(" + BulkActions.LOCK_CLASS + ", 1)")) {
			// another instance holds the lock of the reprocess kind: it is running that
			// action
			lock.execute();
			running = orphan("/images/users/zzzz-elsewhere/profile");

			HttpResponse<String> second = this.ops.post("/api/v1/ops/reprocessing", Map.of());

			assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
			assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = OpsClient.json.readTree(second.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:action-running");
			assertThat(problem.get("actionId").asLong()).isEqualTo(running);
			assertThat(problem.get("actionUrl").asString()).isEqualTo("/api/v1/ops/actions/" + running);
			Thread.sleep(1000);
			assertThat(this.ops.getJson("/api/v1/ops/actions/" + running).get("state").asString())
				.as("not resumed here while another instance holds its lock")
				.isEqualTo("running");
		}
		// the other instance stopped without finishing it: this one resumes it
		assertThat(this.ops.awaitFinished(running).get("state").asString()).isEqualTo("done");
	}

	@Test
	void anActionLeftRunningByAStoppedInstanceIsResumedAfterItsLastBatch() throws Exception {
		String before = "resume-a-" + UUID.randomUUID();
		String after = "resume-b-" + UUID.randomUUID();
		servedUpload(before);
		servedUpload(after);

		long action = orphan("/images/users/" + before + "/profile");
		JsonNode resumed = this.ops.awaitFinished(action);

		assertThat(resumed.get("state").asString()).isEqualTo("done");
		assertThat(resumed.get("finishedAt").isNull()).isFalse();
		assertThat(queuedCopies(before)).as("handled before the stop").isZero();
		assertThat(queuedCopies(after)).as("after the cursor").isEqualTo(1);
	}

	@Test
	void anActionWhoseInstanceStopsMidRunIsResumedByAnotherAndEveryImageIsCopiedOnce() throws Exception {
		List<String> owners = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String owner = FailedUploadRows.uniqueOwner("restart");
			servedUpload(owner);
			owners.add(owner);
		}
		long action;
		int batchesBeforeTheStop;
		try (ConfigurableApplicationContext other = startAnotherInstance()) {
			int port = ((WebServerApplicationContext) other).getWebServer().getPort();
			action = new OpsClient(port).startBulk("/api/v1/ops/reprocessing", Map.of()).get("id").asLong();
			batchesBeforeTheStop = await("a few batches").atMost(Duration.ofSeconds(30))
				.until(() -> batches(action), (batches) -> batches >= 3);
		}
		JsonNode resumed = this.ops.awaitFinished(action);

		assertThat(resumed.get("state").asString()).isEqualTo("done");
		assertThat(resumed.get("batches").asInt()).isGreaterThan(batchesBeforeTheStop);
		for (String owner : owners) {
			assertThat(queuedCopies(owner)).as("copies of %s", owner).isEqualTo(1);
		}
	}

	@Test
	void anUnknownActionIsAProblem() throws Exception {
		HttpResponse<String> response = this.ops.get("/api/v1/ops/actions/987654321");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(OpsClient.json.readTree(response.body()).get("type").asString())
			.isEqualTo("urn:imagepipe:problem:unknown-action");
	}

	private int batches(long action) {
		return this.jdbc.sql("SELECT batches FROM ops_actions WHERE id = :id")
			.param("id", action)
			.query(Integer.class)
			.single();
	}

	/**
	 * A second ingest-api instance on the same database that reprocesses one image per
	 * batch, slowly, and never resumes another instance's actions itself.
	 */
	private static ConfigurableApplicationContext startAnotherInstance() {
		Map<String, String> settings = new LinkedHashMap<>(TestInfrastructure.get().properties());
		settings.put("server.port", "0");
		settings.put("spring.security.user.password", OpsClient.PASSWORD);
		settings.put("spring.datasource.hikari.maximum-pool-size", "3");
		settings.put("imagepipe.messaging.relay-interval", "1h");
		settings.put("imagepipe.ops.retry-batch-size", "1");
		settings.put("imagepipe.ops.retry-batch-pause", "300ms");
		settings.put("imagepipe.ops.bulk-resume-interval", "1h");
		String[] arguments = settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(IngestApplication.class).run(arguments);
	}

	/**
	 * A reprocess that an instance was running when it stopped: {@code running}, with the
	 * cursor of its last committed batch, and no session holding its lock.
	 */
	private long orphan(String cursor) {
		return this.jdbc.sql("""
				INSERT INTO ops_actions (actor, action, scope, criteria, requested, state, batches, cursor)
				VALUES ('ops', 'reprocess', 'all', '{"images":"all"}', 2, 'running', 1, :cursor)
				RETURNING id
				""").param("cursor", cursor).query(Long.class).single();
	}

	private UUID servedUpload(String ownerId) {
		UUID id = upload(ownerId, "done");
		this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256)
				SELECT owner_type, owner_id, slot, id, seq, '\\x52494646'::bytea, 8, 8, 4, repeat('a', 64)
				FROM uploads WHERE id = :id
				""").param("id", id).update();
		return id;
	}

	private UUID upload(String ownerId, String status) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     status, last_error)
				VALUES (:id, 'users', :owner, 'profile', 'image/png', :size, 8, 8, :bytes, :status,
				        CASE WHEN :status = 'failed' THEN 'Corrupt' END)
				""")
			.param("id", id)
			.param("owner", ownerId)
			.param("size", FailedUploadRows.png(8, 8).length)
			.param("bytes", FailedUploadRows.png(8, 8))
			.param("status", status)
			.update();
		return id;
	}

	private int queuedCopies(String ownerId) {
		return this.jdbc.sql("SELECT count(*) FROM uploads WHERE owner_id = :owner AND status = 'queued'")
			.param("owner", ownerId)
			.query(Integer.class)
			.single();
	}

}
