package io.imagepipe.ingest.ops;

import java.util.Map;
import java.util.UUID;

import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reprocess action over real HTTP against real PostgreSQL: every served image gets
 * one new upload from its original bytes, and a newer upload always wins.
 */
@OpsIntegrationTest
class ReprocessingTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
	}

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

		JsonNode result = this.ops.postJson("/api/v1/ops/reprocessing", Map.of());
		assertThat(result.get("action").asString()).isEqualTo("reprocess");
		assertThat(result.get("affected").asInt()).isPositive();
		assertThat(queuedCopies(served)).isEqualTo(1);
		assertThat(queuedCopies(replaced)).isZero();
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM uploads n JOIN uploads o ON o.id = :original
				WHERE n.owner_id = :owner AND n.status = 'queued' AND n.raw_bytes = o.raw_bytes
				""").param("original", original).param("owner", served).query(Integer.class).single()).isEqualTo(1);

		JsonNode again = this.ops.postJson("/api/v1/ops/reprocessing", Map.of());
		assertThat(again.get("affected").asInt()).as("a second click queues nothing more").isZero();
		assertThat(queuedCopies(served)).isEqualTo(1);
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
