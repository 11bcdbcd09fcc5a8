package io.imagepipe.ingest.upload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.web.Problems;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.ingest.web.WorkerWrites;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deleting an image and erasing an owner over real HTTP against real PostgreSQL and
 * RabbitMQ: who may, what is removed, what is kept (the deletion marker and the audit),
 * and that repeating either is harmless. That a job still in flight cannot bring the
 * image back is proven with the real worker (compression-worker's
 * {@code DeletionMarkerTests}, and end to end).
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "imagepipe.web.cors-origins=https://app.example.com")
@DirtiesContext
class ImageDeletionTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theOwnerDeletesTheirImageAndEveryUploadOfItLosesItsBytesWhileTheMarkerStays() throws Exception {
		String owner = unique("del");
		String image = "users/" + owner + "/profile";
		UUID first = TestUploads.upload(base(), image);
		new WorkerWrites(this.jdbc).done(first, "a".repeat(64), 32, 24, "#102030", 64);
		UUID queued = TestUploads.upload(base(), image);

		HttpResponse<String> deleted = delete("/api/v1/images/" + image, TestTokens.user(owner));

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(count("SELECT count(*) FROM images WHERE owner_id = :owner", owner)).isZero();
		assertThat(count("SELECT count(*) FROM image_renditions WHERE owner_id = :owner", owner)).isZero();
		assertThat(count("SELECT count(*) FROM uploads WHERE owner_id = :owner AND raw_bytes IS NOT NULL", owner))
			.isZero();
		assertThat(statusOf(first)).isEqualTo("deleted");
		assertThat(statusOf(queued)).as("a job still queued").isEqualTo("deleted");
		Map<String, Object> marker = this.jdbc
			.sql("SELECT actor, scope, had_image, uploads, upload_seq FROM image_deletions WHERE owner_id = :owner")
			.param("owner", owner)
			.query()
			.singleRow();
		assertThat(marker).containsEntry("actor", owner)
			.containsEntry("scope", "image")
			.containsEntry("had_image", true)
			.containsEntry("uploads", 2);
		assertThat((Long) marker.get("upload_seq")).as("the marker ranks after every upload it superseded")
			.isGreaterThan(seqOf(queued));
		assertThat(get("/api/v1/uploads/" + queued).body()).contains("\"status\":\"deleted\"");
		assertThat(this.jdbc.sql("SELECT count(*) FROM images WHERE owner_type = 'users' AND owner_id = :owner")
			.param("owner", owner)
			.query(Long.class)
			.single()).as("no image is served").isZero();
	}

	@Test
	void aSecondDeleteIsAlso204AndRecordsNothingMore() throws Exception {
		String owner = unique("twice");
		String image = "users/" + owner + "/profile";
		UUID upload = TestUploads.upload(base(), image);
		new WorkerWrites(this.jdbc).done(upload, "b".repeat(64), 32, 24, null);

		assertThat(delete("/api/v1/images/" + image, TestTokens.user(owner)).statusCode()).isEqualTo(204);
		assertThat(delete("/api/v1/images/" + image, TestTokens.user(owner)).statusCode()).isEqualTo(204);
		assertThat(delete("/api/v1/images/users/" + unique("never") + "/profile", TestTokens.service()).statusCode())
			.as("an image that never existed")
			.isEqualTo(204);

		assertThat(count("SELECT count(*) FROM image_deletions WHERE owner_id = :owner", owner)).isEqualTo(1);
	}

	@Test
	void anUploadAfterTheDeleteIsANewImage() throws Exception {
		String owner = unique("again");
		String image = "users/" + owner + "/profile";
		new WorkerWrites(this.jdbc).done(TestUploads.upload(base(), image), "c".repeat(64), 32, 24, null);
		assertThat(delete("/api/v1/images/" + image, TestTokens.user(owner)).statusCode()).isEqualTo(204);

		UUID after = TestUploads.upload(base(), image);

		assertThat(statusOf(after)).isEqualTo("queued");
		assertThat(seqOf(after))
			.isGreaterThan(this.jdbc.sql("SELECT upload_seq FROM image_deletions WHERE owner_id = :owner")
				.param("owner", owner)
				.query(Long.class)
				.single());
	}

	@Test
	void onlyThoseWhoMayWriteAnImageMayDeleteIt() throws Exception {
		String owner = unique("auth");
		String org = unique("org");
		UUID profile = TestUploads.upload(base(), "users/" + owner + "/profile");
		UUID logo = TestUploads.upload(base(), "organizations/" + org + "/logo");

		Problems.assertProblem(delete("/api/v1/images/users/" + owner + "/profile", TestTokens.user("someone-else")),
				403, "forbidden");
		Problems.assertProblem(delete("/api/v1/images/users/" + owner + "/profile", null), 401, "unauthorized");
		Problems.assertProblem(delete("/api/v1/images/users/" + owner + "/profile", TestTokens.ops()), 403,
				"forbidden");
		Problems.assertProblem(delete("/api/v1/images/organizations/" + org + "/logo", TestTokens.user(owner)), 403,
				"forbidden");
		Problems.assertProblem(
				delete("/api/v1/images/organizations/" + org + "/logo", TestTokens.orgAdmin("admin-x", "other-org")),
				403, "forbidden");
		assertThat(statusOf(profile)).isEqualTo("queued");
		assertThat(statusOf(logo)).isEqualTo("queued");

		assertThat(delete("/api/v1/images/organizations/" + org + "/logo", TestTokens.orgAdmin("admin-y", org))
			.statusCode()).isEqualTo(204);
		assertThat(delete("/api/v1/images/users/" + owner + "/profile", TestTokens.service()).statusCode())
			.isEqualTo(204);
		assertThat(statusOf(profile)).isEqualTo("deleted");
		assertThat(statusOf(logo)).isEqualTo("deleted");
		Problems.assertProblem(delete("/api/v1/images/users/" + owner + "/cover", TestTokens.service()), 404,
				"unknown-slot");
		Problems.assertProblem(delete("/api/v1/images/users/-bad-/profile", TestTokens.service()), 400,
				"invalid-owner-id");
	}

	@Test
	void aPageOnAConfiguredOriginMayDelete() throws Exception {
		HttpResponse<String> preflight = http
			.send(HttpRequest.newBuilder(base().resolve("/api/v1/images/users/" + unique("cors") + "/profile"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", "https://app.example.com")
				.header("Access-Control-Request-Method", "DELETE")
				.header("Access-Control-Request-Headers", "authorization")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("DELETE");
	}

	@Test
	void aServiceErasesEverySlotOfAnOwnerWithCountsAndARepeatFindsNothing() throws Exception {
		String org = unique("erase");
		UUID done = TestUploads.upload(base(), "organizations/" + org + "/logo");
		new WorkerWrites(this.jdbc).done(done, "d".repeat(64), 32, 24, null, 128);
		TestUploads.upload(base(), "organizations/" + org + "/logo");
		String bystander = unique("keep");
		UUID kept = TestUploads.upload(base(), "organizations/" + bystander + "/logo");

		Problems.assertProblem(delete("/api/v1/owners/organizations/" + org, TestTokens.orgAdmin("admin-z", org)), 403,
				"forbidden");
		HttpResponse<String> erased = delete("/api/v1/owners/organizations/" + org, TestTokens.service());

		assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
		JsonNode counts = json.readTree(erased.body());
		assertThat(counts.path("slots").asInt()).isEqualTo(1);
		assertThat(counts.path("imagesDeleted").asInt()).isEqualTo(1);
		assertThat(counts.path("uploadsDeleted").asInt()).isEqualTo(2);
		assertThat(counts.path("bytesFreed").asLong()).isPositive();
		assertThat(count("SELECT count(*) FROM images WHERE owner_id = :owner", org)).isZero();
		assertThat(count("SELECT count(*) FROM uploads WHERE owner_id = :owner AND status <> 'deleted'", org)).isZero();
		assertThat(statusOf(kept)).as("another owner's upload").isEqualTo("queued");

		HttpResponse<String> again = delete("/api/v1/owners/organizations/" + org, TestTokens.service());
		assertThat(again.statusCode()).isEqualTo(200);
		JsonNode none = json.readTree(again.body());
		assertThat(none.path("imagesDeleted").asInt()).isZero();
		assertThat(none.path("uploadsDeleted").asInt()).isZero();
		assertThat(none.path("bytesFreed").asLong()).isZero();
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM ops_actions
				WHERE action = 'erase' AND scope = 'owner' AND criteria ->> 'ownerId' = :owner
				""").param("owner", org).query(Long.class).single()).as("both requests audited").isEqualTo(2);
		Problems.assertProblem(delete("/api/v1/owners/robots/" + org, TestTokens.service()), 404, "unknown-owner-type");
	}

	@Test
	void theOpenApiDocumentDescribesBothDeletes() throws Exception {
		JsonNode openApi = json.readTree(get("/api/v1/openapi.json").body());

		JsonNode image = openApi.at("/paths/~1api~1v1~1images~1{ownerType}~1{ownerId}~1{slot}/delete");
		assertThat(image.path("security").get(0).has("bearer")).isTrue();
		assertThat(image.at("/responses/204").isMissingNode()).isFalse();
		assertThat(image.path("description").asString()).contains("Idempotent", "404");
		JsonNode owner = openApi.at("/paths/~1api~1v1~1owners~1{ownerType}~1{ownerId}/delete");
		assertThat(owner.path("security").get(0).has("bearer")).isTrue();
		assertThat(owner.at("/responses/200").isMissingNode()).isFalse();
	}

	@Test
	void aDeletionIsAnnouncedToServingApiWithTheChangeNumberOfItsMarker() throws Exception {
		String owner = unique("announced");
		String image = "users/" + owner + "/profile";
		UUID upload = TestUploads.upload(base(), image);
		new WorkerWrites(this.jdbc).done(upload, "b".repeat(64), 32, 24, "#102030", 64);
		TestInfrastructure infrastructure = TestInfrastructure.get();
		try (com.rabbitmq.client.Connection connection = infrastructure.openBrokerConnection();
				com.rabbitmq.client.Channel channel = connection.createChannel()) {
			// as a serving-api instance does: a queue of its own on the fanout exchange
			String exchange = ImageChange.exchange(infrastructure.namespace());
			channel.exchangeDeclare(exchange, "fanout", true);
			String queue = channel.queueDeclare().getQueue();
			channel.queueBind(queue, exchange, "");

			assertThat(delete("/api/v1/images/" + image, TestTokens.user(owner)).statusCode()).isEqualTo(204);

			long changeSeq = this.jdbc.sql("SELECT change_seq FROM image_deletions WHERE owner_id = :owner")
				.param("owner", owner)
				.query(Long.class)
				.single();
			com.rabbitmq.client.GetResponse announced = await("the announcement").atMost(Duration.ofSeconds(10))
				.until(() -> channel.basicGet(queue, true), Objects::nonNull);
			assertThat(ImageChange.parse(announced.getBody()))
				.isEqualTo(new ImageChange(new ImageKey("users", owner, "profile"), changeSeq));
		}
	}

	private HttpResponse<String> delete(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path)).DELETE();
		if (token != null) {
			request.header("Authorization", TestTokens.bearer(token));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(base().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private long count(String sql, String owner) {
		return this.jdbc.sql(sql).param("owner", owner).query(Long.class).single();
	}

	private String statusOf(UUID upload) {
		return this.jdbc.sql("SELECT status FROM uploads WHERE id = :id")
			.param("id", upload)
			.query(String.class)
			.single();
	}

	private long seqOf(UUID upload) {
		return this.jdbc.sql("SELECT seq FROM uploads WHERE id = :id").param("id", upload).query(Long.class).single();
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
