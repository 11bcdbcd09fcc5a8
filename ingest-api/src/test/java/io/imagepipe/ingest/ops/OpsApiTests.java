package io.imagepipe.ingest.ops;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

import javax.imageio.ImageIO;

import io.imagepipe.contract.JobTopology;
import io.imagepipe.ingest.retention.RawUploadRetention;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops API over real HTTP, against real PostgreSQL and RabbitMQ: what ops staff see of
 * failed uploads, and what their actions change.
 */
@OpsIntegrationTest
class OpsApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobTopology topology;

	OpsClient ops;

	FailedUploadRows rows;

	@BeforeEach
	void setUp() {
		this.ops = new OpsClient(this.port);
		this.rows = new FailedUploadRows(this.jdbc);
	}

	@Autowired
	RawUploadRetention retention;

	@Test
	void aFailureWhoseRawBytesTheRetentionFreedIsShownDiscardedAndItsRetryChangesNothing() throws Exception {
		String errorClass = FailedUploadRows.uniqueOwner("kept");
		UUID id = this.rows.insertUser(FailedUploadRows.uniqueOwner("old"), errorClass, "Temporary failure");
		this.jdbc.sql("UPDATE uploads SET finished_at = now() - interval '15 days' WHERE id = :id")
			.param("id", id)
			.update();

		this.retention.run();

		JsonNode listed = this.ops.getJson("/api/v1/ops/failed?errorClass=" + errorClass + "&includeDiscarded=true");
		assertThat(listed.get("items")).hasSize(1);
		assertThat(listed.get("items").get(0).get("discarded").asBoolean()).isTrue();
		JsonNode retried = this.ops.postJson("/api/v1/ops/retries", Map.of("uploadIds", List.of(id)));
		assertThat(retried.get("requested").asInt()).isEqualTo(1);
		assertThat(retried.get("affected").asInt()).as("nothing to send again").isZero();
		assertThat(
				this.jdbc.sql("SELECT status FROM uploads WHERE id = :id").param("id", id).query(String.class).single())
			.isEqualTo("failed");
	}

	@Test
	void failedUploadsAreListedWithTheirReasonFilteredAndPaged() throws Exception {
		String errorClass = FailedUploadRows.uniqueOwner("list");
		String owner = FailedUploadRows.uniqueOwner("u");
		UUID first = this.rows.insertUser(owner, errorClass, "The image data is truncated.");
		UUID second = this.rows.insertUser(owner + "b", errorClass, "Temporary failure (gave up after 5 attempts)");
		this.rows.insertUser(owner + "c", "unprocessable", "Not this class.");

		JsonNode page = this.ops.getJson("/api/v1/ops/failed?errorClass=" + errorClass + "&size=1");
		assertThat(page.get("total").asInt()).isEqualTo(2);
		assertThat(page.get("items")).hasSize(1);
		JsonNode newest = page.get("items").get(0);
		assertThat(newest.get("uploadId").asString()).isEqualTo(second.toString());
		assertThat(newest.get("ownerType").asString()).isEqualTo("users");
		assertThat(newest.get("slot").asString()).isEqualTo("profile");
		assertThat(newest.get("error").asString()).isEqualTo("Temporary failure (gave up after 5 attempts)");
		assertThat(newest.get("attempts").asInt()).isEqualTo(5);
		assertThat(newest.get("mediaType").asString()).isEqualTo("image/png");
		assertThat(newest.get("byteSize").asInt()).isPositive();
		assertThat(newest.has("rawBytes")).isFalse();
		JsonNode next = this.ops.getJson("/api/v1/ops/failed?errorClass=" + errorClass + "&size=1&page=1");
		assertThat(next.get("items").get(0).get("uploadId").asString()).isEqualTo(first.toString());
		assertThat(page.get("errorClasses").toString()).contains("unprocessable", "transient", "worker-crash");
		assertThat(page.get("ownerTypes").toString()).contains("users", "organizations");
		// encoded: outside UTC the offset carries a '+', which a query string reads as a
		// space
		String future = java.net.URLEncoder.encode(OffsetDateTime.now().plusMinutes(5).toString(),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(this.ops.getJson("/api/v1/ops/failed?errorClass=" + errorClass + "&from=" + future)
			.get("total")
			.asInt()).isZero();
		assertThat(this.ops.getJson("/api/v1/ops/failed?errorClass=" + errorClass + "&ownerType=organizations")
			.get("total")
			.asInt()).isZero();
	}

	@Test
	void aDoubleClickOnRetryRequeuesTheUploadOnceAndPublishesOneJob() throws Exception {
		UUID id = this.rows.insertUser(FailedUploadRows.uniqueOwner("double"), "transient", "Temporary failure");
		Map<String, Object> body = Map.of("uploadIds", List.of(id));
		CompletableFuture<JsonNode> click = CompletableFuture.supplyAsync(() -> retry(body));
		CompletableFuture<JsonNode> doubleClick = CompletableFuture.supplyAsync(() -> retry(body));
		List<Integer> affected = List.of(click.get().get("affected").asInt(),
				doubleClick.get().get("affected").asInt());
		assertThat(affected).containsExactlyInAnyOrder(1, 0);

		Map<String, Object> row = this.jdbc
			.sql("SELECT status, attempts, error_class, last_error FROM uploads WHERE id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("status", "queued").containsEntry("attempts", 0);
		assertThat(row.get("error_class")).isNull();
		assertThat(this.jdbc.sql("SELECT count(*) FROM upload_retries WHERE upload_id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isEqualTo(1);
		// the outbox relay publishes the requeued job, once
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> publishedAt(id) != null);
		Thread.sleep(1000);
		assertThat(WorkQueue.drainJobsFor(this.topology, id)).isEqualTo(1);
	}

	@Test
	void retryAllMatchingRequeuesInBatchesAndTellsHowMany() throws Exception {
		String errorClass = FailedUploadRows.uniqueOwner("bulk");
		for (int i = 0; i < 7; i++) {
			this.rows.insertUser(FailedUploadRows.uniqueOwner("bulk"), errorClass, "Temporary failure");
		}
		UUID other = this.rows.insertUser(FailedUploadRows.uniqueOwner("bulk"), "unprocessable", "Corrupt");

		JsonNode result = this.ops.runBulk("/api/v1/ops/retries/matching", Map.of("errorClass", errorClass));
		assertThat(result.get("state").asString()).isEqualTo("done");
		assertThat(result.get("requested").asInt()).isEqualTo(7);
		assertThat(result.get("affected").asInt()).isEqualTo(7);
		assertThat(result.get("batches").asInt()).isEqualTo(3);
		assertThat(this.rows.status(other)).isEqualTo("failed");
		assertThat(this.ops.getJson("/api/v1/ops/failed?errorClass=" + errorClass).get("total").asInt()).isZero();
		JsonNode again = this.ops.runBulk("/api/v1/ops/retries/matching", Map.of("errorClass", errorClass));
		assertThat(again.get("affected").asInt()).isZero();

		JsonNode audit = this.ops.getJson("/api/v1/ops/audit?limit=5");
		JsonNode entry = find(audit, result.get("id").asLong());
		assertThat(entry.get("actor").asString()).isEqualTo(OpsClient.USER);
		assertThat(entry.get("action").asString()).isEqualTo("retry");
		assertThat(entry.get("scope").asString()).isEqualTo("matching");
		assertThat(entry.get("criteria").get("errorClass").asString()).isEqualTo(errorClass);
		assertThat(entry.get("affected").asInt()).isEqualTo(7);
		assertThat(entry.get("state").asString()).isEqualTo("done");
		assertThat(entry.get("finishedAt").isNull()).isFalse();
	}

	@Test
	void aDoubleClickOnRetryAllMatchingStartsOneRunAndTheSecondIsAConflict() throws Exception {
		String errorClass = FailedUploadRows.uniqueOwner("double");
		for (int i = 0; i < 4; i++) {
			this.rows.insertUser(FailedUploadRows.uniqueOwner("double"), errorClass, "Temporary failure");
		}
		long first;
		try (Connection blocker = TestInfrastructure.get().openDatabaseConnection();
				Statement lock = blocker.createStatement()) {
			// holds the run in its first batch, which records each retried round there
			blocker.setAutoCommit(false);
			lock.execute("LOCK TABLE upload_retries IN ACCESS EXCLUSIVE MODE");
			first = this.ops.startBulk("/api/v1/ops/retries/matching", Map.of("errorClass", errorClass))
				.get("id")
				.asLong();

			HttpResponse<String> second = this.ops.post("/api/v1/ops/retries/matching",
					Map.of("errorClass", errorClass));

			assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
			JsonNode problem = OpsClient.json.readTree(second.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:action-running");
			assertThat(problem.get("actionId").asLong()).isEqualTo(first);
			assertThat(this.ops.getJson("/api/v1/ops/actions/" + first).get("state").asString()).isEqualTo("running");
			blocker.rollback();
		}
		JsonNode done = this.ops.awaitFinished(first);
		assertThat(done.get("state").asString()).isEqualTo("done");
		assertThat(done.get("affected").asInt()).isEqualTo(4);
		assertThat(this.jdbc.sql("SELECT count(*) FROM ops_actions WHERE criteria ->> 'errorClass' = :errorClass")
			.param("errorClass", errorClass)
			.query(Integer.class)
			.single()).as("audit entries of the two clicks").isEqualTo(1);
	}

	@Test
	void discardDeletesTheBytesKeepsTheReasonAndCannotBeRetried() throws Exception {
		UUID id = this.rows.insertUser(FailedUploadRows.uniqueOwner("discard"), "unprocessable", "Corrupt file");
		JsonNode result = this.ops.postJson("/api/v1/ops/discards", Map.of("uploadIds", List.of(id)));
		assertThat(result.get("affected").asInt()).isEqualTo(1);
		Map<String, Object> row = this.jdbc
			.sql("SELECT status, last_error, raw_bytes IS NULL AS gone, discarded_at IS NOT NULL AS discarded "
					+ "FROM uploads WHERE id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("status", "failed")
			.containsEntry("last_error", "Corrupt file")
			.containsEntry("gone", true)
			.containsEntry("discarded", true);
		assertThat(this.ops.postJson("/api/v1/ops/retries", Map.of("uploadIds", List.of(id))).get("affected").asInt())
			.isZero();
		assertThat(this.ops.getBytes("/api/v1/ops/uploads/" + id + "/preview").statusCode()).isEqualTo(404);
		JsonNode listed = this.ops
			.getJson("/api/v1/ops/failed?errorClass=unprocessable&includeDiscarded=true&size=200");
		assertThat(listed.get("items").toString()).contains(id.toString());
	}

	@Test
	void previewIsAReencodedThumbnailNeverTheUploadedBytes() throws Exception {
		byte[] upload = FailedUploadRows.png(1200, 800);
		UUID id = this.rows.insert("users", FailedUploadRows.uniqueOwner("preview"), "profile", "unprocessable",
				"Corrupt", upload);
		HttpResponse<byte[]> preview = this.ops.getBytes("/api/v1/ops/uploads/" + id + "/preview");
		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(preview.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(preview.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
		assertThat(preview.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(preview.body()).isNotEqualTo(upload);
		BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(preview.body()));
		assertThat(thumbnail.getWidth()).isEqualTo(160);
		assertThat(thumbnail.getHeight()).isLessThanOrEqualTo(160);

		byte[] broken = Arrays.copyOf(upload, 60);
		UUID undecodable = this.rows.insert("users", FailedUploadRows.uniqueOwner("preview"), "profile",
				"unprocessable", "Truncated", broken);
		HttpResponse<byte[]> none = this.ops.getBytes("/api/v1/ops/uploads/" + undecodable + "/preview");
		assertThat(none.statusCode()).isEqualTo(404);
		assertThat(none.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void historyShowsEveryUploadOfTheImageWithItsEarlierRounds() throws Exception {
		String owner = FailedUploadRows.uniqueOwner("history");
		UUID older = this.rows.insertUser(owner, "worker-crash", "Processing stopped before finishing");
		this.ops.postJson("/api/v1/ops/retries", Map.of("uploadIds", List.of(older)));
		UUID newer = this.rows.insertUser(owner, "unprocessable", "Corrupt");

		JsonNode history = this.ops.getJson("/api/v1/ops/images/users/" + owner + "/profile/history");
		assertThat(history.get("served").isNull()).isTrue();
		JsonNode uploads = history.get("uploads");
		assertThat(uploads).hasSize(2);
		assertThat(uploads.get(0).get("uploadId").asString()).isEqualTo(newer.toString());
		JsonNode retried = uploads.get(1);
		assertThat(retried.get("status").asString()).isEqualTo("queued");
		JsonNode round = retried.get("earlierRounds").get(0);
		assertThat(round.get("attempts").asInt()).isEqualTo(5);
		assertThat(round.get("errorClass").asString()).isEqualTo("worker-crash");
		assertThat(round.get("error").asString()).isEqualTo("Processing stopped before finishing");
		assertThat(round.get("retriedBy").asString()).isEqualTo(OpsClient.USER);
		assertThat(this.ops.get("/api/v1/ops/images/users/..%2Fx/profile/history").statusCode()).isIn(400, 404);
	}

	@Test
	void aFailedUploadOlderThanTheServedImageIsFlaggedBeforeAnyoneRetriesIt() throws Exception {
		String owner = FailedUploadRows.uniqueOwner("older");
		UUID failed = this.rows.insertUser(owner, "transient", "Temporary failure");
		UUID served = this.rows.insertUser(owner, "transient", "Temporary failure");
		this.jdbc.sql("UPDATE uploads SET status = 'done', result_sha256 = repeat('a', 64) WHERE id = :id")
			.param("id", served)
			.update();
		this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256)
				SELECT owner_type, owner_id, slot, id, seq, '\\x00'::bytea, 1, 1, 1, repeat('a', 64)
				FROM uploads WHERE id = :id
				""").param("id", served).update();
		JsonNode listed = this.ops.getJson("/api/v1/ops/failed?errorClass=transient&size=200");
		JsonNode item = StreamSupport.stream(listed.get("items").spliterator(), false)
			.filter((candidate) -> candidate.get("uploadId").asString().equals(failed.toString()))
			.findFirst()
			.orElseThrow();
		assertThat(item.get("newerImageServed").asBoolean()).isTrue();
		JsonNode history = this.ops.getJson(item.get("historyUrl").asString());
		assertThat(history.get("served").get("uploadId").asString()).isEqualTo(served.toString());
		assertThat(history.get("served").get("url").asString())
			.isEqualTo("http://localhost:8082/images/users/" + owner + "/profile?v=aaaaaaaaaaaaaaaa");
	}

	@Test
	void overviewCountsStatusesAndReadsTheQueuesOverAmqp() throws Exception {
		this.rows.insertUser(FailedUploadRows.uniqueOwner("overview"), "transient", "Temporary failure");
		JsonNode overview = this.ops.getJson("/api/v1/ops/overview");
		assertThat(overview.get("statuses").get("failed").asInt()).isPositive();
		assertThat(overview.get("statuses").properties()).extracting(Map.Entry::getKey)
			.contains("queued", "processing", "done", "failed", "superseded", "deleted");
		assertThat(overview.get("lastHour").get("failed").asInt()).isPositive();
		await("the bytes stored to be read").atMost(Duration.ofSeconds(35))
			.untilAsserted(() -> assertThat(
					this.ops.getJson("/api/v1/ops/overview").get("storedBytes").get("raw_kept").asLong())
				.as("raw bytes of the failed upload")
				.isPositive());
		assertThat(overview.get("lastHour").get("series")).hasSizeBetween(12, 13);
		assertThat(overview.get("lastDay").get("series")).hasSizeBetween(24, 25);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode queues = this.ops.getJson("/api/v1/ops/overview");
			assertThat(queues.get("brokerReachable").asBoolean()).isTrue();
			JsonNode work = queues.get("queues").get(0);
			assertThat(work.get("role").asString()).isEqualTo("work");
			assertThat(work.get("declared").asBoolean()).isTrue();
			assertThat(work.get("messages").isNumber()).isTrue();
		});
	}

	private JsonNode retry(Map<String, Object> body) {
		try {
			return this.ops.postJson("/api/v1/ops/retries", body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Object publishedAt(UUID id) {
		return this.jdbc.sql("SELECT published_at FROM uploads WHERE id = :id").param("id", id).query().singleValue();
	}

	private static JsonNode find(JsonNode entries, long id) {
		for (JsonNode entry : entries) {
			if (entry.get("id").asLong() == id) {
				return entry;
			}
		}
		throw new AssertionError("No audit entry " + id + " in " + entries);
	}

}
