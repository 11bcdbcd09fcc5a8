package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libwebp that encodes every WebP and decodes uploaded still WebPs is native code
 * bundled in webp-imageio. Before 1.3.2 its lossless decoder overflows a heap buffer on a
 * crafted file (CVE-2023-4863, exploited in the wild), and the worker decodes untrusted
 * uploads, so the build fails when the libwebp actually loaded is older than
 * {@link #FLOOR}. See docs/dependency-checks.md.
 * <p>
 * The version comes from the loaded library itself, through its exported
 * {@code WebPGetDecoderVersion()} and {@code WebPGetEncoderVersion()} (0xMMmmpp), called
 * with JNA: java.lang.foreign is a preview API at the project's {@code --release 21}, and
 * classes compiled with preview features run only on that exact JDK. The library file is
 * found in {@code /proc/self/maps}, where the JVM mapped it after webp-imageio loaded it
 * (its own copy, extracted to the temp directory, or one from {@code java.library.path}),
 * and each function's address is checked to lie in that mapping, so the answer is the
 * loaded library's and not another copy's. {@code -Dimagepipe.libwebp.floor=1.4.0} checks
 * against another floor for one run.
 */
class LibwebpVersionTests {

	/**
	 * The first libwebp release with the fix for CVE-2023-4863; raise it for later fixes.
	 */
	static final String FLOOR = "1.3.2";

	private static final Path MAPS = Path.of("/proc/self/maps");

	@Test
	void loadedLibwebpIsNotOlderThanTheFixForCve20234863() throws IOException {
		String floor = System.getProperty("imagepipe.libwebp.floor", FLOOR);
		// never skipped: imagepipe is built, tested and shipped on Linux (bin/test, CI,
		// the
		// container image), where the loaded library is found through /proc
		assertThat(MAPS)
			.withFailMessage("The loaded libwebp is found through %s, which this system lacks: "
					+ "run the build on Linux, as bin/test and CI do", MAPS)
			.isReadable();
		new WebPEncoder(0).encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), 0.5f);
		List<Mapping> mappings = loadedWebpImageio();
		assertThat(mappings).as("webp-imageio's native library mapped into this JVM").isNotEmpty();
		Path file = mappings.get(0).file();
		NativeLibrary library = NativeLibrary.getInstance(file.toString());
		for (String name : List.of("WebPGetDecoderVersion", "WebPGetEncoderVersion")) {
			Function function = library.getFunction(name);
			long address = Pointer.nativeValue(function);
			assertThat(mappings).as("%s() lies in the loaded %s", name, file)
				.anyMatch((mapping) -> mapping.contains(address));
			String version = version(function.invokeInt(new Object[0]));
			assertThat(packed(version)).withFailMessage(
					"The loaded libwebp is %s (%s() of %s), older than %s. libwebp before 1.3.2 has a heap "
							+ "buffer overflow in its lossless decoder (CVE-2023-4863), and the worker decodes "
							+ "untrusted uploads with it. Upgrade com.github.usefulness:webp-imageio "
							+ "(webp-imageio.version in the root pom.xml) to a release bundling libwebp %s or newer.",
					version, name, file, floor, floor)
				.isGreaterThanOrEqualTo(packed(floor));
		}
	}

	@Test
	void readsLibwebpVersionsInTheirOrder() {
		assertThat(version(0x010302)).isEqualTo("1.3.2");
		assertThat(packed("1.3.2")).isEqualTo(0x010302);
		assertThat(packed("1.3.1")).isLessThan(packed("1.3.2")).isLessThan(packed("1.4")).isLessThan(packed("1.10.0"));
	}

	/** The address ranges of webp-imageio's native library in this process. */
	private static List<Mapping> loadedWebpImageio() throws IOException {
		String library = System.mapLibraryName("webp-imageio");
		try (var lines = Files.lines(MAPS)) {
			return lines.map((line) -> line.trim().split("\\s+", 6))
				.filter((fields) -> fields.length == 6 && fields[5].endsWith(library))
				.map(Mapping::of)
				.toList();
		}
	}

	/** {@code 0xMMmmpp} as {@code M.m.p}. */
	static String version(int hex) {
		return "%d.%d.%d".formatted(hex >>> 16, (hex >>> 8) & 0xff, hex & 0xff);
	}

	/**
	 * {@code M.m.p} as {@code 0xMMmmpp}, libwebp's form, which orders like the version.
	 */
	static int packed(String version) {
		String[] parts = version.split("\\.");
		int packed = 0;
		for (int i = 0; i < 3; i++) {
			packed = (packed << 8) | ((i < parts.length) ? Integer.parseInt(parts[i]) : 0);
		}
		return packed;
	}

	record Mapping(long start, long end, Path file) {

		static Mapping of(String[] fields) {
			String[] range = fields[0].split("-");
			return new Mapping(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16),
					Path.of(fields[5]));
		}

		boolean contains(long address) {
			return Long.compareUnsigned(address, this.start) >= 0 && Long.compareUnsigned(address, this.end) < 0;
		}

	}

}
