package io.imagepipe.serving.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import io.imagepipe.testsupport.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opening a served image URL directly in a real browser runs no script, whatever bytes
 * the database holds: Debian's headless Chromium, driven through its chromedriver, opens
 * the URL of a polyglot (the WebP signature followed by HTML with scripts: it passes the
 * signature check and reaches the browser as {@code image/webp}), of plain HTML stored as
 * an image (refused) and of a genuine WebP. Every script payload would report to a
 * {@link Beacon} on 127.0.0.1 by a fetch from an inline script, a fetch from an event
 * handler and a navigation; the beacon must hear nothing. So that this cannot pass for
 * want of a working browser or payload, the same bytes served by the beacon as plain
 * {@code text/html}, without serving-api's headers, must reach it in all three ways in
 * the same browser. A screenshot of the genuine image is left in
 * {@code target/served-image.png}.
 */
class ServedImageRunsNoScriptBrowserTests extends ServingTest {

	/** How long a page gets to run a script that nothing should let it run. */
	private static final Duration QUIET = Duration.ofSeconds(2);

	static Chromium chromium;

	static ChromeDriver browser;

	static Beacon beacon;

	@BeforeAll
	static void startChromiumAndTheBeacon() throws IOException {
		chromium = Chromium.start(800, 600);
		browser = chromium.driver();
		beacon = Beacon.start();
	}

	@AfterAll
	static void stopChromiumAndTheBeacon() {
		if (chromium != null) {
			chromium.close();
		}
		if (beacon != null) {
			beacon.close();
		}
	}

	@Test
	void aPolyglotServedAsWebpRunsNoScriptThoughTheSameBytesAsHtmlDo() throws Exception {
		String token = token();
		byte[] polyglot = TestImages.webpSignatureFollowedBy(beacon.payload(token).getBytes(StandardCharsets.UTF_8));
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, polyglot, "text/html");
		String path = key.path() + "?v=" + stored.version();
		assertThat(get(path).statusCode()).as("the polyglot passes the signature check").isEqualTo(200);

		assertOpeningRunsNoScript(url(path), token);
		assertOpeningRunsTheScripts(beacon.control(token, polyglot), token);
	}

	@Test
	void htmlStoredAsAnImageRunsNoScriptThoughTheSameBytesAsHtmlDo() throws Exception {
		String token = token();
		byte[] html = beacon.payload(token).getBytes(StandardCharsets.UTF_8);
		ImageKey key = newProfile();
		TestImages.store(key, html, "text/html");
		assertThat(get(key.path()).statusCode()).as("bytes that are not WebP are refused").isEqualTo(500);

		assertOpeningRunsNoScript(url(key.path()), token);
		assertOpeningRunsTheScripts(beacon.control(token, html), token);
	}

	@Test
	void aGenuineImageOpenedDirectlyShowsTheImage() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.RED, 240, 160));

		browser.get(url(key.path() + "?v=" + stored.version()));

		byte[] screenshot = browser.getScreenshotAs(OutputType.BYTES);
		Files.write(Path.of("target", "served-image.png"), screenshot);
		BufferedImage shown = ImageIO.read(new ByteArrayInputStream(screenshot));
		assertThat(redPixels(shown)).as("the 240 × 160 red image, shown at its size").isBetween(36_000, 40_000);
	}

	private static void assertOpeningRunsNoScript(String url, String token) {
		browser.get(url);

		await().during(QUIET)
			.atMost(QUIET.plusSeconds(3))
			.untilAsserted(() -> assertThat(beacon.hits(token)).as("reports of a script that ran").isEmpty());
		assertThat(browser.getCurrentUrl()).as("still on the served URL: no navigation ran").isEqualTo(url);
	}

	private static void assertOpeningRunsTheScripts(String controlUrl, String token) {
		browser.get(controlUrl);

		String[] everyWay = { "/hit/" + token + "/script", "/hit/" + token + "/onerror", "/nav/" + token };
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(beacon.hits(token)).contains(everyWay));
	}

	private static int redPixels(BufferedImage image) {
		int red = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				Color pixel = new Color(image.getRGB(x, y));
				if (pixel.getRed() > 200 && pixel.getGreen() < 60 && pixel.getBlue() < 60) {
					red++;
				}
			}
		}
		return red;
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static String token() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
