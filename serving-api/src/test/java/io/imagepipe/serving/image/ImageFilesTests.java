package io.imagepipe.serving.image;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finished images as files for the front ({@link ImageFiles}): what serving-api
 * answers as immutable, and only that, is written under {@code SERVING_FILES_DIRECTORY}
 * at the path the front reads for the URL, and a change of the image removes it.
 */
class ImageFilesTests extends ServingTest {

	private static final Path DIRECTORY = temporaryFolder();

	@Autowired
	ImageFiles files;

	@DynamicPropertySource
	static void filesDirectory(DynamicPropertyRegistry registry) {
		registry.add("imagepipe.serving.files-directory", DIRECTORY::toString);
	}

	@Test
	void theImageAndRenditionAnsweredAsImmutableAreWrittenWhereTheFrontReadsTheirUrls() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.RED, 300, 200));
		Stored rendition = TestImages.storeRenditions(key, 300, Map.of(128, TestImages.webp(Color.RED, 128, 85)))
			.get(128);
		Path folder = DIRECTORY.resolve("images/users").resolve(key.ownerId()).resolve("profile");

		HttpResponse<byte[]> image = get(key.path() + "?v=" + stored.version());
		get(key.path() + "?v=" + rendition.version() + "&w=128");

		Path imageFile = folder.resolve(stored.version() + ".webp");
		assertThat(imageFile).hasBinaryContent(stored.bytes());
		assertThat(folder.resolve(rendition.version() + "-w128.webp")).hasBinaryContent(rendition.bytes());
		assertThat(Files.getLastModifiedTime(imageFile).toInstant()).as("the file's time is its Last-Modified")
			.isEqualTo(ZonedDateTime
				.parse(image.headers().firstValue("Last-Modified").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
				.toInstant());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(imageFile))).isEqualTo("rw-r--r--");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwxr-xr-x");
		assertThat(names(folder)).as("no temporary file is left")
			.containsExactlyInAnyOrder(stored.version() + ".webp", rendition.version() + "-w128.webp");
	}

	@Test
	void answersThatCachesMayNotKeepForEverAreNeverWritten() throws Exception {
		ImageKey key = newProfile();
		Stored old = TestImages.store(key, TestImages.webp(Color.GREEN));
		Stored current = TestImages.store(key, TestImages.webp(Color.BLUE));
		Path folder = DIRECTORY.resolve("images/users").resolve(key.ownerId()).resolve("profile");

		for (String query : List.of("", "?w=64", "?v=" + old.version(), "?v=" + current.version() + "&x=1",
				"?v=" + current.version() + "&w=65", "?x=1&v=" + current.version(), "?v=0000000000000000")) {
			HttpResponse<byte[]> answer = get(key.path() + query);
			assertThat(answer.headers().firstValue("Cache-Control").orElseThrow()).as(query)
				.isNotEqualTo(ImageResponses.IMMUTABLE);
		}

		assertThat(folder).doesNotExist();
	}

	@Test
	void aNewImageOrADeletionRemovesTheFilesOfTheOldOne() throws Exception {
		ImageKey key = newProfile();
		Stored first = TestImages.store(key, TestImages.webp(Color.RED));
		Path folder = DIRECTORY.resolve("images/users").resolve(key.ownerId()).resolve("profile");
		get(key.path() + "?v=" + first.version());
		assertThat(folder.resolve(first.version() + ".webp")).exists();

		Stored second = TestImages.store(key, TestImages.webp(Color.BLUE));
		assertThat(folder).as("the new image's change removed the old file").doesNotExist();
		HttpResponse<byte[]> old = get(key.path() + "?v=" + first.version());
		assertThat(old.body()).isEqualTo(second.bytes());
		assertThat(folder).as("an old v is not written").doesNotExist();

		get(key.path() + "?v=" + second.version());
		assertThat(folder.resolve(second.version() + ".webp")).hasBinaryContent(second.bytes());

		TestImages.delete(key);
		assertThat(folder).as("the deletion removed the files").doesNotExist();
		assertThat(get(key.path() + "?v=" + second.version()).statusCode()).isEqualTo(404);
		assertThat(folder).doesNotExist();
	}

	@Test
	void aFileRemovedByAnotherInstanceIsWrittenAgainOnItsNextRequest() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.ORANGE));
		Path file = servedThenRemoved(key, stored);

		get(key.path() + "?v=" + stored.version());

		assertThat(file).hasBinaryContent(stored.bytes());
	}

	@Test
	void aRevalidationOfTheCurrentVersionWritesItsFileAgainWhenItIsGone() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.PINK));
		Path file = servedThenRemoved(key, stored);

		HttpResponse<byte[]> revalidated = get(key.path() + "?v=" + stored.version(), "If-None-Match", stored.etag());

		assertThat(revalidated.statusCode()).isEqualTo(304);
		assertThat(file).hasBinaryContent(stored.bytes());
		Files.delete(file);
		assertThat(get(key.path(), "If-None-Match", stored.etag()).statusCode()).isEqualTo(304);
		assertThat(file).as("the stable URL's 304 writes nothing").doesNotExist();
	}

	@Test
	void startingEmptiesTheFolderOfWhatAnEarlierRunWrote(@Autowired CurrentImages current) throws Exception {
		Path directory = temporaryFolder();
		Path stale = directory.resolve("images/users/someone/profile/0123456789abcdef.webp");
		Files.createDirectories(stale.getParent());
		Files.write(stale, new byte[] { 1, 2, 3 });
		Path unrelated = Files.writeString(directory.resolve("README"), "kept");
		ServingProperties properties = new ServingProperties(java.net.URI.create("http://localhost/"),
				DataSize.ofMegabytes(1), 10, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ZERO, "test",
				directory, DataSize.ofMegabytes(1));

		new ImageFiles(properties, current, new SimpleMeterRegistry());

		assertThat(directory.resolve("images")).isEmptyDirectory();
		assertThat(unrelated).hasContent("kept");
	}

	/** Get an image's versioned URL, so that its file is written, and remove the file. */
	private Path servedThenRemoved(ImageKey key, Stored stored) throws Exception {
		Path file = DIRECTORY.resolve("images/users")
			.resolve(key.ownerId())
			.resolve("profile/" + stored.version() + ".webp");
		get(key.path() + "?v=" + stored.version());
		assertThat(file).hasBinaryContent(stored.bytes());
		Files.delete(file);
		return file;
	}

	private static List<String> names(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	private static Path temporaryFolder() {
		try {
			Path target = Path.of("target");
			Files.createDirectories(target);
			return Files.createTempDirectory(target.toAbsolutePath(), "image-files-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
