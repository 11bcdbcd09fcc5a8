package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.time.Instant;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an app that embeds images learns from the metadata endpoint.
 */
class ImageMetadataTests extends ServingTest {

	@Autowired
	JsonMapper json;

	@Test
	void describesTheCurrentVersionWithItsUrls() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.RED));

		HttpResponse<byte[]> response = get(key.path() + "/meta");
		JsonNode meta = this.json.readTree(response.body());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).startsWith("application/json");
		assertThat(header(response, "Cache-Control")).isEqualTo("no-cache");
		assertThat(meta.get("url").asString()).isEqualTo("https://img.example.com" + key.path());
		assertThat(meta.get("versionedUrl").asString())
			.isEqualTo("https://img.example.com" + key.path() + "?v=" + stored.version());
		assertThat(meta.get("version").asString()).isEqualTo(stored.version());
		assertThat(meta.get("width").asInt()).isEqualTo(8);
		assertThat(meta.get("height").asInt()).isEqualTo(6);
		assertThat(meta.get("byteSize").asInt()).isEqualTo(stored.bytes().length);
		assertThat(meta.get("contentType").asString()).isEqualTo("image/webp");
		assertThat(Instant.parse(meta.get("updatedAt").asString())).isEqualTo(stored.updatedAt());
	}

	@Test
	void namesTheNewVersionOnceTheBytesChange() throws Exception {
		ImageKey key = newProfile();
		Stored old = TestImages.store(key, TestImages.webp(Color.RED));
		Stored current = TestImages.store(key, TestImages.webp(Color.BLUE));

		JsonNode meta = this.json.readTree(get(key.path() + "/meta").body());

		assertThat(meta.get("version").asString()).isEqualTo(current.version()).isNotEqualTo(old.version());
		HttpResponse<byte[]> image = get(key.path() + "?v=" + meta.get("version").asString());
		assertThat(image.body()).isEqualTo(current.bytes());
		assertThat(header(image, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
	}

	@Test
	void answersNotFoundProblemForTheMetadataOfAMissingImage() throws Exception {
		HttpResponse<byte[]> response = get(newProfile().path() + "/meta");
		JsonNode problem = this.json.readTree(response.body());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
		assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:image-not-found");
	}

}
