package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;

import io.imagepipe.contract.ImageKey;
import org.junit.jupiter.api.Test;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * By default any page reads images and metadata with {@code fetch}: the answer allows
 * {@code *} rather than echoing the caller, so a copy cached for one page fits every
 * page.
 */
class AnyOriginCorsTests extends ServingTest {

	@Test
	void anyPageReadsTheMetadataAndTheVersionedImage() throws Exception {
		ImageKey key = newProfile();
		TestImages.Stored stored = TestImages.store(key, TestImages.webp(Color.GREEN));

		HttpResponse<byte[]> meta = get(key.path() + "/meta", "Origin", "https://shop.example.org");
		HttpResponse<byte[]> image = get(key.path() + "?v=" + stored.version(), "Origin", "https://blog.example.net");

		assertThat(meta.statusCode()).isEqualTo(200);
		assertThat(header(meta, "Access-Control-Allow-Origin")).isEqualTo("*");
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(header(image, "Access-Control-Allow-Origin")).isEqualTo("*");
		assertThat(header(image, "Access-Control-Expose-Headers")).contains("ETag");
	}

}
