package io.imagepipe.worker.job;

import java.util.UUID;

import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.worker.compress.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reprocess copy never wins over an upload the user made after the copy's source, even
 * when the copy got the higher {@code seq} (its insert ran while the user's upload was
 * still being committed), whichever of the two the worker processes first. Real
 * PostgreSQL, the real job processor and codecs.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReprocessRankTests {

	@Autowired
	JobProcessor processor;

	@Autowired
	JdbcClient jdbc;

	@ParameterizedTest(name = "copy processed first: {0}")
	@ValueSource(booleans = { true, false })
	void theUsersNewerUploadWinsOverACopyWithAHigherSeq(boolean copyFirst) throws Exception {
		String owner = "rank-" + UUID.randomUUID().toString().substring(0, 8);
		UUID source = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), null);
		assertThat(this.processor.process(source)).isEqualTo(JobProcessor.Outcome.DONE);
		UUID users = insertUpload(owner, TestImages.corpus("Portrait_1.jpg"), null);
		UUID copy = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), seqOf(source));
		assertThat(seqOf(copy)).as("the copy's seq").isGreaterThan(seqOf(users));

		if (copyFirst) {
			assertThat(this.processor.process(copy)).isEqualTo(JobProcessor.Outcome.DONE);
			assertThat(this.processor.process(users)).isEqualTo(JobProcessor.Outcome.DONE);
		}
		else {
			assertThat(this.processor.process(users)).isEqualTo(JobProcessor.Outcome.DONE);
			assertThat(this.processor.process(copy)).isEqualTo(JobProcessor.Outcome.SUPERSEDED);
		}

		assertThat(servedUpload(owner)).as("the upload the image is served from").isEqualTo(users);
		assertThat(statusOf(users)).isEqualTo("done");
		assertThat(this.jdbc.sql("SELECT width, height FROM images WHERE owner_id = :owner")
			.param("owner", owner)
			.query((rs, n) -> rs.getInt(1) < rs.getInt(2))
			.single()).as("the portrait the user uploaded last, not the old landscape").isTrue();
	}

	@ParameterizedTest(name = "copy of a copy: {0}")
	@ValueSource(booleans = { true, false })
	void aCopyReplacesItsSourcesImageAndAnOlderCopy(boolean copyOfACopy) throws Exception {
		String owner = "rank-" + UUID.randomUUID().toString().substring(0, 8);
		UUID source = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), null);
		this.processor.process(source);
		UUID copy = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), seqOf(source));
		assertThat(this.processor.process(copy)).isEqualTo(JobProcessor.Outcome.DONE);
		if (copyOfACopy) {
			UUID again = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), seqOf(source));
			assertThat(this.processor.process(again)).isEqualTo(JobProcessor.Outcome.DONE);
			copy = again;
		}
		assertThat(servedUpload(owner)).isEqualTo(copy);
	}

	private UUID insertUpload(String ownerId, byte[] bytes, Long sourceSeq) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     source_seq)
				VALUES (:id, 'users', :owner, 'profile', 'image/jpeg', :size, 1, 1, :bytes, :sourceSeq)
				""")
			.param("id", id)
			.param("owner", ownerId)
			.param("size", bytes.length)
			.param("bytes", bytes)
			.param("sourceSeq", sourceSeq)
			.update();
		return id;
	}

	private long seqOf(UUID upload) {
		return this.jdbc.sql("SELECT seq FROM uploads WHERE id = :id").param("id", upload).query(Long.class).single();
	}

	private String statusOf(UUID upload) {
		return this.jdbc.sql("SELECT status FROM uploads WHERE id = :id")
			.param("id", upload)
			.query(String.class)
			.single();
	}

	private UUID servedUpload(String owner) {
		return this.jdbc.sql("SELECT upload_id FROM images WHERE owner_id = :owner")
			.param("owner", owner)
			.query(UUID.class)
			.single();
	}

}
