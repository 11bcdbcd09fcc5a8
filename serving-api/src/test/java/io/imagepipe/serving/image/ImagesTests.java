package io.imagepipe.serving.image;

import java.awt.Color;
import java.util.Arrays;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.Images.Rendition;
import io.imagepipe.serving.image.TestImages.Stored;
import io.imagepipe.testsupport.ImagepipeInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL of {@link Images} alone, on this JVM's real, migrated PostgreSQL: a JDBC slice
 * with no web server, no controllers and no caches.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImagepipeInfrastructure
@Import(Images.class)
class ImagesTests {

	static {
		// serving-api migrates nothing itself: the schema is there before the context
		// starts
		TestImages.database();
	}

	@Autowired
	Images images;

	@Test
	void aHeadReadsTheSignatureOnlyAndAnnouncesTheWholeLength() {
		ImageKey key = ServingTest.newProfile();
		byte[] bytes = TestImages.webp(Color.RED, 40, 30);
		Stored stored = TestImages.store(key, bytes);
		ImageHead head = this.images.findHead(key).orElseThrow();
		assertThat(head.signature()).isEqualTo(Arrays.copyOf(bytes, WebpSignature.LENGTH));
		assertThat(head.metadata().byteSize()).isEqualTo(bytes.length);
		assertThat(head.metadata().sha256()).isEqualTo(stored.sha256());
		assertThat(head.metadata().updatedAt()).isEqualTo(stored.updatedAt());
		assertThat(head.metadata().rendition()).isFalse();
		assertThat(this.images.findWithBytes(key).orElseThrow().bytes()).isEqualTo(bytes);
	}

	@Test
	void theNarrowestRenditionAtLeastAsWideAsAskedIsChosenButNeverOneAsWideAsTheImage() {
		ImageKey key = ServingTest.newProfile();
		TestImages.store(key, TestImages.webp(Color.BLUE, 48, 32));
		Map<Integer, Stored> renditions = TestImages.storeRenditions(key, 640,
				Map.of(128, TestImages.webp(Color.BLUE, 128, 85), 320, TestImages.webp(Color.BLUE, 320, 213), 640,
						TestImages.webp(Color.BLUE, 640, 426)));

		ImageMetadata small = this.images.findRenditionMetadata(key, 100).orElseThrow();
		assertThat(small.width()).isEqualTo(128);
		assertThat(small.rendition()).isTrue();
		assertThat(small.sha256()).isEqualTo(renditions.get(128).sha256());
		assertThat(small.placeholderColor()).isEqualTo("#336699");
		assertThat(this.images.findRenditionMetadata(key, 128).orElseThrow().width()).isEqualTo(128);
		assertThat(this.images.findRenditionMetadata(key, 129).orElseThrow().width()).isEqualTo(320);
		assertThat(this.images.findRenditionMetadata(key, 321)).as("the image itself answers").isEmpty();
		assertThat(this.images.findRenditionWithBytes(key, 200).orElseThrow().bytes())
			.isEqualTo(renditions.get(320).bytes());
		assertThat(this.images.findRenditions(key)).extracting(Rendition::width).containsExactly(128, 320, 640);
	}

	@Test
	void aKeyWithoutAnImageHasNothing() {
		ImageKey key = ServingTest.newProfile();
		assertThat(this.images.findMetadata(key)).isEmpty();
		assertThat(this.images.findHead(key)).isEmpty();
		assertThat(this.images.findRenditionMetadata(key, 64)).isEmpty();
		assertThat(this.images.findRenditions(key)).isEmpty();
	}

}
