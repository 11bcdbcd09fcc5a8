package io.imagepipe.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The EXIF orientation photos of the shared test corpus.
 */
final class Corpus {

	private Corpus() {
	}

	/**
	 * The names of the photos, such as {@code Landscape_0} and {@code Portrait_8}.
	 * @return the names, sorted
	 */
	static List<String> photoNames() {
		try (Stream<Path> files = Files.list(folder())) {
			return files.map((file) -> file.getFileName().toString())
				.filter((file) -> file.endsWith(".jpg"))
				.map((file) -> file.substring(0, file.length() - ".jpg".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the corpus at " + folder(), ex);
		}
	}

	/**
	 * The bytes of one photo.
	 * @param name its name, such as {@code Landscape_1}
	 * @return the JPEG
	 */
	static byte[] photo(String name) {
		try {
			return Files.readAllBytes(folder().resolve(name + ".jpg"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + name + " from the corpus at " + folder(), ex);
		}
	}

	private static Path folder() {
		return Path.of(ServiceProcesses.requiredProperty("e2e.corpus"), "exif-orientation");
	}

}
