package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warm hit, a 200 or a 304 on the current {@code v} or on the stable URL, a rendition's
 * and a {@code HEAD}, runs no SQL statement at all: every statement on serving-api's pool
 * is counted ({@link StatementCounter}). The poll of the changes runs only when the test
 * writes (its interval is an hour here), so nothing else runs SQL while the hits are
 * counted.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = "imagepipe.serving.change-poll-interval=1h")
class WarmHitsRunNoQueryTests extends ServingTest {

	@Autowired
	CurrentImages current;

	@Test
	void warmHitsOnTheCurrentVersionAndTheStableUrlRunNoQuery() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.RED, 300, 200));
		Map<Integer, Stored> renditions = TestImages.storeRenditions(key, 300,
				Map.of(128, TestImages.webp(Color.RED, 128, 85)));
		String versioned = key.path() + "?v=" + stored.version();
		String rendition = key.path() + "?v=" + renditions.get(128).version() + "&w=128";
		String[] paths = { versioned, key.path(), rendition, key.path() + "?w=128", key.path() + "/meta" };

		StatementCounter.reset();
		for (String path : paths) {
			assertThat(get(path).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(StatementCounter.statements()).as("the cold answers read the database").isNotEmpty();

		StatementCounter.reset();
		for (int round = 0; round < 3; round++) {
			for (String path : paths) {
				assertThat(get(path).statusCode()).as(path).isEqualTo(200);
				assertThat(head(path).statusCode()).as("HEAD " + path).isEqualTo(200);
			}
			for (String path : new String[] { versioned, key.path() }) {
				HttpResponse<byte[]> notModified = get(path, "If-None-Match", stored.etag());
				assertThat(notModified.statusCode()).as(path).isEqualTo(304);
			}
			HttpResponse<byte[]> renditionNotModified = get(rendition, "If-None-Match", renditions.get(128).etag());
			assertThat(renditionNotModified.statusCode()).isEqualTo(304);
		}
		assertThat(StatementCounter.statements()).as("SQL run by warm hits").isEmpty();
		assertThat(get(versioned).body()).isEqualTo(stored.bytes());
	}

	@Test
	void anOldVersionIsReadOnceThenAnsweredFromMemoryWithTheNewBytesAndNeverStored() throws Exception {
		ImageKey key = newProfile();
		Stored first = TestImages.store(key, TestImages.webp(Color.RED));
		get(key.path() + "?v=" + first.version());
		Stored second = TestImages.store(key, TestImages.webp(Color.BLUE));
		get(key.path() + "?v=" + second.version());

		StatementCounter.reset();
		HttpResponse<byte[]> old = get(key.path() + "?v=" + first.version());
		assertThat(StatementCounter.statements()).as("an old v is not known to memory at first").isNotEmpty();
		for (HttpResponse<byte[]> response : java.util.List.of(old, get(key.path() + "?v=" + first.version()))) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(second.bytes());
			assertThat(response.headers().firstValue("ETag")).hasValue(second.etag());
			assertThat(response.headers().firstValue("Cache-Control")).hasValue(ImageResponses.NO_STORE);
		}
		StatementCounter.reset();
		assertThat(get(key.path() + "?v=" + first.version()).body()).isEqualTo(second.bytes());
		assertThat(StatementCounter.statements()).as("the old v, known to be old now").isEmpty();
	}

	@Test
	void aRowOlderThanAnAnnouncedChangeIsServedButNeverKept() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.GREEN));
		// as when a replica has not replayed an announced change yet
		this.current.announce(key, TestImages.changeSeq(key) + 1000);

		for (int request = 0; request < 2; request++) {
			StatementCounter.reset();
			HttpResponse<byte[]> response = get(key.path());
			assertThat(response.body()).isEqualTo(stored.bytes());
			assertThat(StatementCounter.statements()).as("request %d reads the database", request).isNotEmpty();
		}
	}

}
