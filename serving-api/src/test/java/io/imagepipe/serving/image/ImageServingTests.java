package io.imagepipe.serving.image;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser, a CDN or an {@code <img>} on another origin sees when it loads an
 * image.
 */
class ImageServingTests extends ServingTest {

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	@Test
	void servesTheCompressedBytesWithTheirHeaders() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.RED));

		HttpResponse<byte[]> response = get(key.path());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(stored.bytes());
		assertThat(header(response, "Content-Type")).isEqualTo("image/webp");
		assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(stored.bytes().length));
		assertThat(header(response, "ETag")).isEqualTo(stored.etag());
		// RFC 9110 §5.6.7 IMF-fixdate: always a two-digit day, English names, GMT,
		// whatever
		// the date, time zone or locale the test runs under.
		assertThat(header(response, "Last-Modified"))
			.isEqualTo(HTTP_DATE.format(stored.updatedAt().truncatedTo(ChronoUnit.SECONDS)));
		assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(header(response, "Content-Security-Policy")).isEqualTo("default-src 'none'; sandbox");
		assertThat(header(response, "Cross-Origin-Resource-Policy")).isEqualTo("cross-origin");
		BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(response.body()));
		assertThat(decoded.getWidth()).isEqualTo(8);
		assertThat(decoded.getHeight()).isEqualTo(6);
	}

	@Test
	void servesCurrentVersionAsImmutable() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.BLUE));

		HttpResponse<byte[]> response = get(key.path() + "?v=" + stored.version());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
		assertThat(response.body()).isEqualTo(stored.bytes());
	}

	@Test
	void servesUnversionedUrlForRevalidation() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, TestImages.webp(Color.GREEN));

		HttpResponse<byte[]> response = get(key.path());

		assertThat(header(response, "Cache-Control")).isEqualTo("public, no-cache");
	}

	@Test
	void servesNewBytesForStaleVersionWithoutLettingCachesKeepThem() throws Exception {
		ImageKey key = newProfile();
		Stored old = TestImages.store(key, TestImages.webp(Color.RED));
		Stored current = TestImages.store(key, TestImages.webp(Color.YELLOW));

		HttpResponse<byte[]> response = get(key.path() + "?v=" + old.version());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(current.bytes());
		assertThat(header(response, "ETag")).isEqualTo(current.etag());
		assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void servesUnknownVersionWithoutLettingCachesKeepIt() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.CYAN));

		HttpResponse<byte[]> response = get(key.path() + "?v=not-a-version");

		assertThat(response.body()).isEqualTo(stored.bytes());
		assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void answersHeadWithTheHeadersOfGetAndNoBody() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.MAGENTA));

		HttpResponse<byte[]> response = head(key.path() + "?v=" + stored.version());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		assertThat(header(response, "Content-Type")).isEqualTo("image/webp");
		assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(stored.bytes().length));
		assertThat(header(response, "ETag")).isEqualTo(stored.etag());
		assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
		assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@ParameterizedTest
	@ValueSource(strings = { "%s", "W/%s", "*", "\"0000\", %s", "W/\"0000\",W/%s" })
	void answersNotModifiedWhenTheClientHasTheCurrentBytes(String ifNoneMatch) throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.ORANGE));

		HttpResponse<byte[]> response = get(key.path() + "?v=" + stored.version(), "If-None-Match",
				ifNoneMatch.formatted(stored.etag()));

		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
		assertThat(header(response, "ETag")).isEqualTo(stored.etag());
		assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
	}

	@Test
	void answersNotModifiedToHeadWhenTheClientHasTheCurrentBytes() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.PINK));

		HttpResponse<byte[]> response = head(key.path(), "If-None-Match", stored.etag());

		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(header(response, "Cache-Control")).isEqualTo("public, no-cache");
	}

	@Test
	void servesNewBytesWhenTheClientsCopyIsOutdated() throws Exception {
		ImageKey key = newProfile();
		Stored old = TestImages.store(key, TestImages.webp(Color.GRAY));
		Stored current = TestImages.store(key, TestImages.webp(Color.BLACK));

		HttpResponse<byte[]> response = get(key.path(), "If-None-Match", old.etag());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(current.bytes());
		assertThat(header(response, "ETag")).isEqualTo(current.etag());
	}

	@Test
	void servesOrganizationLogos() throws Exception {
		ImageKey key = new ImageKey("organizations", "org-" + System.nanoTime(), "logo");
		Stored stored = TestImages.store(key, TestImages.webp(Color.WHITE));

		HttpResponse<byte[]> response = get("/images/organizations/" + key.ownerId() + "/logo");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(stored.bytes());
	}

	@Test
	void ignoresGarbageInIfNoneMatch() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.RED));

		HttpResponse<byte[]> response = get(key.path(), "If-None-Match", "W/ \"unterminated, ,,");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(stored.bytes());
	}

	@Test
	void aWarmAnswerCarriesTheHeadersOfTheFirst() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.CYAN));
		String url = key.path() + "?v=" + stored.version();
		HttpResponse<byte[]> first = get(url);

		HttpResponse<byte[]> warm = get(url);

		assertThat(warm.statusCode()).isEqualTo(200);
		assertThat(warm.body()).isEqualTo(stored.bytes());
		for (String name : new String[] { "Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control",
				"X-Content-Type-Options", "Content-Security-Policy", "Cross-Origin-Resource-Policy" }) {
			assertThat(warm.headers().allValues(name)).as(name).isEqualTo(first.headers().allValues(name)).isNotEmpty();
		}
	}

	@Test
	void aWarmAnswerStillHonoursIfModifiedSince() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, TestImages.webp(Color.MAGENTA));
		String lastModified = header(get(key.path()), "Last-Modified");

		HttpResponse<byte[]> response = get(key.path(), "If-Modified-Since", lastModified);

		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
	}

	static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}
