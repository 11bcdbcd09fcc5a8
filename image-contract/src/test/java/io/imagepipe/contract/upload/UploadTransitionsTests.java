package io.imagepipe.contract.upload;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.upload.UploadTransitions.Claim;
import io.imagepipe.contract.upload.UploadTransitions.NewUpload;
import io.imagepipe.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guards of the upload state machine, on the real PostgreSQL: a transition applies
 * once, from the states it names, and never again.
 */
class UploadTransitionsTests {

	private static JdbcClient jdbc;

	private static UploadTransitions transitions;

	@BeforeAll
	static void database() {
		TestInfrastructure db = TestInfrastructure.get();
		Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).load().migrate();
		jdbc = JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password()));
		transitions = new UploadTransitions(jdbc);
	}

	@Test
	void acceptStoresExactlyTheGivenSliceOfTheBody() {
		byte[] body = { 9, 9, 1, 2, 3, 9 };
		UUID sliced = accept(key(), body, 2, 3);
		UUID whole = accept(key(), new byte[] { 4, 5 }, 0, 2);
		UUID streamed = UUID.randomUUID();
		transitions.accept(new NewUpload(streamed, key(), "image/png", 2, 1), new ByteArrayInputStream(body, 3, 2), 2);

		assertThat(rawBytes(sliced)).containsExactly(1, 2, 3);
		assertThat(rawBytes(whole)).containsExactly(4, 5);
		assertThat(rawBytes(streamed)).containsExactly(2, 3);
		assertThat(status(sliced)).isEqualTo("queued");
		assertThat(jdbc.sql("SELECT byte_size FROM uploads WHERE id = :id")
			.param("id", sliced)
			.query(Integer.class)
			.single()).isEqualTo(3);
	}

	@Test
	void aClaimedUploadIsDoneOnceAndADuplicateChangesNothing() {
		UUID id = accept(key(), new byte[] { 1 }, 0, 1);
		Optional<Claim> claim = transitions.claim(id, Duration.ofMinutes(5));

		assertThat(claim).isPresent();
		assertThat(claim.get().attempts()).isEqualTo(1);
		assertThat(transitions.claim(id, Duration.ofMinutes(5))).as("held by a live lease").isEmpty();
		assertThat(transitions.done(id, "a".repeat(64))).isTrue();
		assertThat(transitions.done(id, "b".repeat(64))).as("a duplicate delivery").isFalse();
		assertThat(transitions.failed(id, "unprocessable", "late")).as("done is final for failed").isFalse();
		assertThat(transitions.claim(id, Duration.ofMinutes(5))).isEmpty();
		assertThat(status(id)).isEqualTo("done");
		assertThat(transitions.superseded(id)).as("a done upload whose image lost").isTrue();
		assertThat(status(id)).isEqualTo("superseded");
	}

	@Test
	void onlyAFailedUploadWithItsBytesIsRetriedAndOnlyOnce() {
		UUID failed = accept(key(), new byte[] { 1 }, 0, 1);
		transitions.claim(failed, Duration.ofMinutes(5));
		transitions.failed(failed, "transient", "broker away");
		UUID queued = accept(key(), new byte[] { 1 }, 0, 1);
		long action = jdbc.sql("""
				INSERT INTO ops_actions (actor, action, scope, criteria, requested, affected)
				VALUES ('test', 'retry', 'selected', '{}', 2, 0) RETURNING id
				""").query(Long.class).single();

		assertThat(transitions.retry(action, List.of(failed, queued))).containsExactly(failed);
		assertThat(transitions.retry(action, List.of(failed))).as("a double click").isEmpty();
		assertThat(status(failed)).isEqualTo("queued");
		transitions.claim(failed, Duration.ofMinutes(5));
		transitions.failed(failed, "transient", "again");
		assertThat(transitions.discard(List.of(failed))).containsExactly(failed);
		assertThat(rawBytes(failed)).isNull();
		assertThat(transitions.retry(action, List.of(failed))).as("discarded").isEmpty();
	}

	@Test
	void reprocessCopiesOnlyTheNewestDoneUploadWithItsBytes() {
		ImageKey key = key();
		UUID first = accept(key, new byte[] { 1 }, 0, 1);
		assertThat(transitions.reprocess(first)).as("not done yet").isEmpty();
		transitions.claim(first, Duration.ofMinutes(5));
		transitions.done(first, "c".repeat(64));

		Optional<UUID> copy = transitions.reprocess(first);

		assertThat(copy).isPresent();
		assertThat(status(copy.get())).isEqualTo("queued");
		assertThat(rawBytes(copy.get())).containsExactly(1);
		assertThat(jdbc
			.sql("SELECT source_seq = (SELECT seq FROM uploads WHERE id = :first) FROM uploads WHERE id = :copy")
			.param("first", first)
			.param("copy", copy.get())
			.query(Boolean.class)
			.single()).as("the copy ranks by its source").isTrue();
		assertThat(transitions.reprocess(first)).as("no longer the newest upload").isEmpty();
	}

	private static UUID accept(ImageKey key, byte[] body, int offset, int length) {
		UUID id = UUID.randomUUID();
		transitions.accept(new NewUpload(id, key, "image/png", 2, 1), body, offset, length);
		return id;
	}

	private static ImageKey key() {
		return new ImageKey("users", "transitions-" + UUID.randomUUID().toString().substring(0, 8), "profile");
	}

	private static String status(UUID id) {
		return jdbc.sql("SELECT status FROM uploads WHERE id = :id").param("id", id).query(String.class).single();
	}

	private static byte[] rawBytes(UUID id) {
		return jdbc.sql("SELECT raw_bytes FROM uploads WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> rs.getBytes(1))
			.list()
			.get(0);
	}

}
