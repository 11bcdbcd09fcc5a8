package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;

import io.imagepipe.contract.ImageKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot images kept in memory by hash: a repeated GET is answered from memory, a new
 * upload is served at once once its change is announced, never the bytes it replaced, and
 * a deleted image is 404 at once: every answer looks up the image's current state first
 * (kept in memory, dropped by the announcement; {@link ServingTest} announces the test's
 * writes before they return), and only then its bytes by hash.
 */
class HotImagesTests extends ServingTest {

	@Autowired
	MeterRegistry meters;

	@Test
	void aRepeatedGetIsAnsweredFromMemoryAndANewVersionAtOnce() throws Exception {
		ImageKey key = newProfile();
		TestImages.Stored first = TestImages.store(key, TestImages.webp(Color.RED));
		HttpResponse<byte[]> miss = get(key.path() + "?v=" + first.version());
		double hits = hits();
		HttpResponse<byte[]> hit = get(key.path() + "?v=" + first.version());
		assertThat(hits()).as("cache hits").isEqualTo(hits + 1);
		assertThat(hit.statusCode()).isEqualTo(200);
		assertThat(hit.body()).isEqualTo(miss.body()).isEqualTo(first.bytes());
		assertThat(hit.headers().map()).containsAllEntriesOf(withoutDate(miss.headers().map()));

		TestImages.Stored second = TestImages.store(key, TestImages.webp(Color.BLUE));
		HttpResponse<byte[]> replaced = get(key.path() + "?v=" + first.version());
		assertThat(replaced.body()).as("the new bytes, also under the old v").isEqualTo(second.bytes());
		assertThat(replaced.headers().firstValue("ETag")).hasValue("\"" + second.sha256() + "\"");
		assertThat(replaced.headers().firstValue("Cache-Control")).hasValue(ImageResponses.NO_STORE);
		assertThat(get(key.path() + "?v=" + second.version()).body()).isEqualTo(second.bytes());
	}

	@Test
	void aDeletedImageIs404AtOnceAlthoughItsBytesAreStillInMemory() throws Exception {
		ImageKey key = newProfile();
		TestImages.Stored stored = TestImages.store(key, TestImages.webp(Color.GREEN, 300, 200));
		java.util.Map<Integer, TestImages.Stored> renditions = TestImages.storeRenditions(key, 300,
				java.util.Map.of(128, TestImages.webp(Color.GREEN, 128, 85)));
		String versioned = key.path() + "?v=" + stored.version();
		String rendition = key.path() + "?v=" + renditions.get(128).version() + "&w=128";
		get(versioned);
		assertThat(get(rendition).statusCode()).isEqualTo(200);
		double hits = hits();
		assertThat(get(versioned).statusCode()).isEqualTo(200);
		assertThat(hits()).as("the bytes are in memory").isEqualTo(hits + 1);

		// what ingest-api's deletion does to the tables serving-api reads
		TestImages.delete(key);

		for (String path : java.util.List.of(key.path(), versioned, rendition, key.path() + "/meta")) {
			assertThat(get(path).statusCode()).as(path).isEqualTo(404);
			assertThat(head(path).statusCode()).as("HEAD " + path).isEqualTo(404);
		}
	}

	private double hits() {
		return this.meters.get("cache.gets")
			.tag("cache", "serving.images")
			.tag("result", "hit")
			.functionCounter()
			.count();
	}

	private static java.util.Map<String, java.util.List<String>> withoutDate(
			java.util.Map<String, java.util.List<String>> headers) {
		java.util.Map<String, java.util.List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		copy.putAll(headers);
		copy.remove("date");
		return copy;
	}

}
