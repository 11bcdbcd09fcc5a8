package io.imagepipe.e2e;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every photo of the EXIF orientation corpus, uploaded as a user would, comes back from
 * serving-api as a small, cacheable WebP that shows the picture upright.
 */
@ExtendWith(ServiceProcesses.class)
class CorpusEndToEndTests {

	/**
	 * The mean absolute difference per channel (0 to 255) under which two pictures show
	 * the same scene the same way up. Calibrated on the served corpus: every correctly
	 * oriented photo is 0.26 to 0.52 away from its {@code _1} (the orientation digit
	 * drawn in each photo differs), while the {@code _1} photos mirrored are 68.8
	 * (landscape) and 35.8 (portrait) away, and upside down 81.5 and 56.6.
	 */
	static final double SAME_PICTURE = 5.0;

	private static final Duration ALL_PROCESSED_WITHIN = Duration.ofSeconds(60);

	private static final Map<String, UploadStatus> uploads = new HashMap<>();

	private static final Map<String, Served> served = new HashMap<>();

	private static Pipeline pipeline;

	private static Instant deadline;

	/**
	 * Upload the 18 photos, each to a user of its own, at once, as a backend importing
	 * them would: with the service token, which no per-address rate limit slows.
	 */
	@BeforeAll
	static void uploadEveryPhoto(Pipeline pipeline) {
		CorpusEndToEndTests.pipeline = pipeline;
		for (String name : photoNames().toList()) {
			uploads.put(name,
					pipeline.uploadAsService("users/e2e-" + name + "/profile", name + ".jpg", Corpus.photo(name)));
		}
		deadline = Instant.now().plus(ALL_PROCESSED_WITHIN);
	}

	static Stream<String> photoNames() {
		List<String> names = Corpus.photoNames();
		assertThat(names).as("the EXIF orientation photos of the corpus").hasSize(18);
		return names.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("photoNames")
	void everyPhotoIsServedAsAnImmutableWebPWithinTheBudget(String name) {
		ResponseEntity<byte[]> response = served(name).response();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("image/webp"));
		assertThat(response.getHeaders().getCacheControl()).contains("immutable");
		assertThat(response.getHeaders().getETag()).isNotBlank();
		assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getBody()).isNotNull();
		assertThat(response.getBody().length).isLessThanOrEqualTo(500 * 1024);
		assertThat(Pictures.decode(response.getBody())).as("the body decoded as WebP").isNotNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("photoNames")
	void everyPhotoIsVersionedAndTaggedByTheHashOfItsBytes(String name) {
		Served served = served(name);
		String sha256 = HexFormat.of().formatHex(sha256(served.response().getBody()));
		assertThat(served.response().getHeaders().getETag()).isEqualTo("\"" + sha256 + "\"");
		assertThat(served.upload().version()).as("v of %s", served.upload().imageUrl())
			.isEqualTo(sha256.substring(0, 16));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("photoNames")
	void everyPhotoIsServedUprightLikeItsUntransformedOriginal(String name) {
		BufferedImage picture = picture(name);
		if (name.startsWith("Landscape")) {
			assertThat(picture.getWidth()).as("width").isEqualTo(1024);
			assertThat((double) picture.getWidth() / picture.getHeight()).as("aspect").isCloseTo(1.5, within(0.01));
		}
		else {
			assertThat(picture.getHeight()).as("height").isEqualTo(1024);
			assertThat((double) picture.getWidth() / picture.getHeight()).as("aspect").isCloseTo(2 / 3.0, within(0.01));
		}
		String reference = name.substring(0, name.indexOf('_')) + "_1";
		double difference = Pictures.meanAbsoluteDifference(picture, picture(reference));
		System.out.printf("%s against %s: mean absolute difference %.2f%n", name, reference, difference);
		assertThat(difference).as("how far %s looks from %s", name, reference).isLessThan(SAME_PICTURE);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Landscape_1", "Portrait_1" })
	void theUprightCheckTellsAMirroredOrUpsideDownPictureApart(String name) {
		BufferedImage upright = picture(name);
		double mirrored = Pictures.meanAbsoluteDifference(Pictures.mirrored(upright), upright);
		double upsideDown = Pictures.meanAbsoluteDifference(Pictures.upsideDown(upright), upright);
		System.out.printf("%s mirrored: %.2f, upside down: %.2f%n", name, mirrored, upsideDown);
		assertThat(mirrored).as("a mirrored %s", name).isGreaterThan(SAME_PICTURE);
		assertThat(upsideDown).as("an upside-down %s", name).isGreaterThan(SAME_PICTURE);
	}

	private static BufferedImage picture(String name) {
		BufferedImage picture = Pictures.decode(served(name).response().getBody());
		assertThat(picture).as("%s decoded as WebP", name).isNotNull();
		return picture;
	}

	/**
	 * The answer of serving-api to the versioned URL of a photo, fetched once its upload
	 * is done.
	 */
	private static Served served(String name) {
		Served answer = served.get(name);
		if (answer == null) {
			Duration left = Duration.between(Instant.now(), deadline);
			UploadStatus status = pipeline.awaitFinished(uploads.get(name), max(left, Duration.ofSeconds(1)));
			assertThat(status.status()).as("status of %s (error: %s)", name, status.error()).isEqualTo("done");
			answer = new Served(status, pipeline.fetch(status.imageUrl()));
			served.put(name, answer);
		}
		return answer;
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/**
	 * A finished upload and serving-api's answer to its versioned URL.
	 */
	private record Served(UploadStatus upload, ResponseEntity<byte[]> response) {
	}

}
