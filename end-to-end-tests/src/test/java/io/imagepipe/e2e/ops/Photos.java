package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.imagepipe.e2e.ServiceProcesses;

/**
 * The EXIF orientation photos of the shared corpus.
 */
final class Photos {

	private Photos() {
	}

	static Path path(String name) {
		return Path.of(ServiceProcesses.requiredProperty("e2e.corpus"), "exif-orientation", name + ".jpg");
	}

	static byte[] read(String name) {
		try {
			return Files.readAllBytes(path(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
