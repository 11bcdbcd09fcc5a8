package io.imagepipe.serving.image;

import java.awt.Color;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.ImageChange;
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
	void theCurrentImageIsReadWithItsSignatureHeadersAndTheBytesByThemselves() {
		ImageKey key = ServingTest.newProfile();
		byte[] bytes = TestImages.webp(Color.RED, 40, 30);
		Stored stored = TestImages.store(key, bytes);
		CurrentImage current = this.images.findCurrent(key).orElseThrow();
		ImageMetadata metadata = current.image().metadata();
		assertThat(metadata.byteSize()).isEqualTo(bytes.length);
		assertThat(metadata.sha256()).isEqualTo(stored.sha256());
		assertThat(metadata.updatedAt()).isEqualTo(stored.updatedAt());
		assertThat(metadata.rendition()).isFalse();
		assertThat(current.image().webp()).as("the signature read with the metadata").isTrue();
		assertThat(current.image().etag()).isEqualTo(metadata.etag().formattedTag());
		assertThat(current.renditions()).isEmpty();
		assertThat(this.images.findWithBytes(key).orElseThrow().bytes()).isEqualTo(bytes);
	}

	@Test
	void theNarrowestRenditionAtLeastAsWideAsAskedIsChosenButNeverOneAsWideAsTheImage() {
		ImageKey key = ServingTest.newProfile();
		TestImages.store(key, TestImages.webp(Color.BLUE, 48, 32));
		Map<Integer, Stored> renditions = TestImages.storeRenditions(key, 640,
				Map.of(128, TestImages.webp(Color.BLUE, 128, 85), 320, TestImages.webp(Color.BLUE, 320, 213), 640,
						TestImages.webp(Color.BLUE, 640, 426)));

		CurrentImage current = this.images.findCurrent(key).orElseThrow();
		assertThat(current.renditions()).extracting(answer -> answer.metadata().width()).containsExactly(128, 320, 640);
		ImageMetadata small = current.select(100).metadata();
		assertThat(small.width()).isEqualTo(128);
		assertThat(small.rendition()).isTrue();
		assertThat(small.sha256()).isEqualTo(renditions.get(128).sha256());
		assertThat(small.placeholderColor()).isEqualTo("#336699");
		assertThat(current.select(128).metadata().width()).isEqualTo(128);
		assertThat(current.select(129).metadata().width()).isEqualTo(320);
		assertThat(current.select(321)).as("the image itself answers").isSameAs(current.image());
		assertThat(this.images.findRenditionWithBytes(key, 200).orElseThrow().bytes())
			.isEqualTo(renditions.get(320).bytes());
	}

	@Test
	void everyWriteTakesAHigherChangeNumberThatThePollFinds() {
		long before = this.images.lastChange();
		ImageKey key = ServingTest.newProfile();
		TestImages.store(key, TestImages.webp(Color.GREEN, 40, 30));
		long changeSeq = this.images.findCurrent(key).orElseThrow().changeSeq();
		assertThat(changeSeq).isGreaterThan(before);
		assertThat(this.images.lastChange()).isGreaterThanOrEqualTo(changeSeq);
		assertThat(this.images.changesAfter(before)).contains(new ImageChange(key, changeSeq));
	}

	@Test
	void aKeyWithoutAnImageHasNothing() {
		ImageKey key = ServingTest.newProfile();
		assertThat(this.images.findCurrent(key)).isEmpty();
		assertThat(this.images.findWithBytes(key)).isEmpty();
		assertThat(this.images.findRenditionWithBytes(key, 64)).isEmpty();
	}

}
