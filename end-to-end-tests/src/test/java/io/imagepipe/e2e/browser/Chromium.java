package io.imagepipe.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, with a fresh profile, driven through Debian's
 * chromedriver. Nothing is ever downloaded: both paths are given, so Selenium Manager is
 * not used.
 */
final class Chromium implements AutoCloseable {

	static final String BROWSER = "/usr/bin/chromium";

	static final String DRIVER = "/usr/bin/chromedriver";

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static Chromium start() {
		if (!Files.isExecutable(Path.of(BROWSER)) || !Files.isExecutable(Path.of(DRIVER))) {
			throw new IllegalStateException("The browser tests need " + BROWSER + " and " + DRIVER
					+ ". bin/test installs them (apt-get install chromium chromium-driver).");
		}
		try {
			Path profile = Files.createTempDirectory("imagepipe-chromium-");
			ChromeOptions options = new ChromeOptions().setBinary(BROWSER)
				.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000",
						"--force-device-scale-factor=1");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
				.usingAnyFreePort()
				.build();
			return new Chromium(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile();
		}
	}

	private void deleteProfile() {
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary folder; the OS cleans it eventually
		}
	}

}
