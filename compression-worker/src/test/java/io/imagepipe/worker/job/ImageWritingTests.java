package io.imagepipe.worker.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.worker.compress.TestImages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one job writes for serving-api, read back from the real PostgreSQL: the image with
 * its placeholder colour and the slot's renditions, replaced together by a newer upload.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ImageWritingTests {

	@Autowired
	JobProcessor processor;

	@Autowired
	JdbcClient jdbc;

	@Test
	void oneJobWritesTheImageItsPlaceholderAndTheSlotsRenditions() throws Exception {
		String owner = "renditions-" + UUID.randomUUID().toString().substring(0, 8);
		UUID upload = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"));

		assertThat(this.processor.process(upload)).isEqualTo(JobProcessor.Outcome.DONE);

		Map<String, Object> image = this.jdbc
			.sql("SELECT width, height, placeholder_color FROM images WHERE owner_id = :owner")
			.param("owner", owner)
			.query()
			.singleRow();
		assertThat(image).containsEntry("width", 1024).containsEntry("height", 683);
		assertThat((String) image.get("placeholder_color")).matches("#[0-9a-f]{6}");
		assertThat(renditions(owner)).containsExactly(List.of(64, 43), List.of(128, 85), List.of(256, 171));
	}

	@Test
	void aNewerUploadReplacesTheRenditionsWithItsOwn() throws Exception {
		String owner = "renditions-" + UUID.randomUUID().toString().substring(0, 8);
		this.processor.process(insertUpload(owner, TestImages.corpus("Landscape_1.jpg")));
		this.processor.process(insertUpload(owner, TestImages.corpus("Portrait_1.jpg")));

		assertThat(renditions(owner)).containsExactly(List.of(64, 96), List.of(128, 192), List.of(256, 384));
	}

	private List<List<Integer>> renditions(String owner) {
		return this.jdbc.sql("SELECT width, height FROM image_renditions WHERE owner_id = :owner ORDER BY width")
			.param("owner", owner)
			.query((rs, row) -> List.of(rs.getInt("width"), rs.getInt("height")))
			.list();
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
