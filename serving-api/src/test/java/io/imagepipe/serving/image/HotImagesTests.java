package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;

import io.imagepipe.contract.ImageKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot images kept in memory by hash: a repeated GET is answered from memory, and a
 * new upload is served at once, never the bytes it replaced.
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
