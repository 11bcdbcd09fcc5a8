package io.imagepipe.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.awaitility.Awaitility.await;

/**
 * A demo page in the browser, seen as a user sees it: the images it shows, the state of
 * its upload components, and what they say.
 */
final class DemoPage {

	private final ChromeDriver driver;

	private final URI ingest;

	DemoPage(ChromeDriver driver, URI ingest) {
		this.driver = driver;
		this.ingest = ingest;
	}

	/**
	 * Open a demo page and wait until its images and components are set up, and mark the
	 * document so that a reload would show.
	 * @param page such as {@code profile.html?user=7}
	 * @return this page
	 */
	DemoPage open(String page) {
		this.driver.get(this.ingest.resolve("/demo/" + page).toString());
		await("the page to load").atMost(Duration.ofSeconds(15))
			.until(() -> Boolean.TRUE.equals(script("return document.readyState === 'complete' "
					+ "&& !!customElements.get('imagepipe-upload') && !!window.demo")));
		script("window.sameDocument = 'not reloaded';"
				+ "window.progressSeen = []; window.layoutShift = 0; window.layoutShifted = [];"
				+ "document.addEventListener('imagepipe:progress', (e) => window.progressSeen.push(e.detail.percent));"
				+ "new PerformanceObserver((list) => list.getEntries().forEach((e) => {"
				+ " if (e.hadRecentInput) return; window.layoutShift += e.value;"
				+ " e.sources.forEach((s) => window.layoutShifted.push(s.node ? s.node.nodeName + '#' + s.node.id"
				+ " + '.' + s.node.className : '?')); }))" + ".observe({ type: 'layout-shift', buffered: true });");
		return this;
	}

	/**
	 * Pick a file in an upload component's file chooser.
	 * @param upload the CSS selector of the component
	 * @param file the file
	 */
	void choose(String upload, Path file) {
		this.driver.findElement(By.cssSelector(upload))
			.getShadowRoot()
			.findElement(By.cssSelector("input[type=file]"))
			.sendKeys(canonical(file));
	}

	private static String canonical(Path file) {
		try {
			return file.toRealPath().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String state(String upload) {
		return this.driver.findElement(By.cssSelector(upload)).getAttribute("state");
	}

	/**
	 * What an upload component says in red.
	 * @param upload the CSS selector of the component
	 * @return the text of its error, empty when it shows none
	 */
	String error(String upload) {
		return (String) script("const e = document.querySelector(arguments[0]).shadowRoot.querySelector('.error');"
				+ "return e.hidden ? '' : e.textContent;", upload);
	}

	boolean showsRetryButton(String upload) {
		return Boolean.TRUE
			.equals(script("const b = document.querySelector(arguments[0]).shadowRoot.querySelector('.retry');"
					+ "return !b.hidden && b.getBoundingClientRect().width > 0;", upload));
	}

	int progressValue(String upload) {
		return ((Number) script(
				"return document.querySelector(arguments[0]).shadowRoot.querySelector('progress').value", upload))
			.intValue();
	}

	@SuppressWarnings("unchecked")
	List<Number> progressSeen() {
		return (List<Number>) script("return window.progressSeen");
	}

	/**
	 * An image as the page shows it.
	 * @param selector the CSS selector of the {@code <img>}
	 * @return what it shows
	 */
	@SuppressWarnings("unchecked")
	Shown image(String selector) {
		List<Object> values = (List<Object>) script("const i = document.querySelector(arguments[0]);"
				+ "return [i.currentSrc || '', i.naturalWidth, i.getAttribute('width') || '',"
				+ " i.getAttribute('height') || '', !i.hidden && i.complete];", selector);
		return new Shown((String) values.get(0), ((Number) values.get(1)).intValue(), (String) values.get(2),
				(String) values.get(3), Boolean.TRUE.equals(values.get(4)));
	}

	boolean wasNotReloaded() {
		return "not reloaded".equals(script("return window.sameDocument"));
	}

	double layoutShift() {
		return ((Number) script("return window.layoutShift")).doubleValue();
	}

	/**
	 * The elements that moved, for a failure message.
	 * @return their names, ids and classes
	 */
	Object layoutShifted() {
		return script("return window.layoutShifted");
	}

	/**
	 * Slow the browser's network down, as a phone's upload link is.
	 * @param uploadBytesPerSecond the upload throughput
	 */
	void throttleUploads(long uploadBytesPerSecond) {
		this.driver.executeCdpCommand("Network.enable", Map.of());
		this.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 20,
				"downloadThroughput", -1, "uploadThroughput", uploadBytesPerSecond));
	}

	void unthrottle() {
		this.driver.executeCdpCommand("Network.emulateNetworkConditions",
				Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
	}

	byte[] screenshot() {
		return this.driver.getScreenshotAs(OutputType.BYTES);
	}

	Object script(String script, Object... arguments) {
		return this.driver.executeScript(script, arguments);
	}

	/**
	 * What an {@code <img>} shows.
	 *
	 * @param currentSrc the URL it shows now
	 * @param naturalWidth the width of the decoded picture, 0 while none is
	 * @param width its width attribute
	 * @param height its height attribute
	 * @param visible whether it is shown and loaded
	 */
	record Shown(String currentSrc, int naturalWidth, String width, String height, boolean visible) {

		boolean isServedFrom(URI serving) {
			return this.visible && this.naturalWidth > 0 && this.currentSrc.startsWith(serving.toString())
					&& this.currentSrc.contains("?v=");
		}

		String version() {
			int v = this.currentSrc.indexOf("?v=");
			return (v < 0) ? "" : this.currentSrc.substring(v + 3).replaceAll("&.*", "");
		}

	}

}
