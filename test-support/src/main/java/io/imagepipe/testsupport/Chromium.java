package io.imagepipe.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, with a fresh profile, driven through Debian's
 * chromedriver, for every browser test. Nothing is ever downloaded: both paths are given,
 * so Selenium Manager is not used. A module that uses it declares
 * {@code selenium-chrome-driver} itself (test-support brings it only optionally).
 */
public final class Chromium implements AutoCloseable {

	static final String BROWSER = "/usr/bin/chromium";

	static final String DRIVER = "/usr/bin/chromedriver";

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/**
	 * Start a browser with a window of 1280 × 1000 pixels.
	 * @return the browser; close it after the tests
	 */
	public static Chromium start() {
		return start(1280, 1000);
	}

	/**
	 * Start a browser.
	 * @param width the window's width in CSS pixels (one device pixel each)
	 * @param height the window's height
	 * @return the browser; close it after the tests
	 * @throws IllegalStateException when chromium or chromedriver is not installed
	 */
	public static Chromium start(int width, int height) {
		if (!Files.isExecutable(Path.of(BROWSER)) || !Files.isExecutable(Path.of(DRIVER))) {
			throw new IllegalStateException("The browser tests need " + BROWSER + " and " + DRIVER
					+ ". bin/test installs them (apt-get install chromium chromium-driver).");
		}
		try {
			Path profile = Files.createTempDirectory("imagepipe-chromium-");
			ChromeOptions options = new ChromeOptions().setBinary(BROWSER)
				.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-dev-shm-usage", "--user-data-dir=" + profile,
						"--window-size=" + width + "," + height, "--force-device-scale-factor=1");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
				.usingAnyFreePort()
				.build();
			return new Chromium(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The driver, to open pages, find elements and run scripts.
	 * @return the driver
	 */
	public ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * Save a screenshot of the window.
	 * @param file where, as a PNG; its folder is created if needed
	 */
	public void screenshot(Path file) {
		try {
			File shot = this.driver.getScreenshotAs(OutputType.FILE);
			if (file.getParent() != null) {
				Files.createDirectories(file.getParent());
			}
			Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot save a screenshot to " + file, ex);
		}
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
