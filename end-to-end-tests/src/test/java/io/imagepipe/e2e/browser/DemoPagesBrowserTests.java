package io.imagepipe.e2e.browser;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.Chromium;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo pages in headless chromium against the three running services, as a user tries
 * them: an upload shows its progress, the header avatar switches to the served WebP, a
 * second upload replaces it without a reload, and a file that is not an image shows the
 * server's own message.
 */
@ExtendWith(ServiceProcesses.class)
class DemoPagesBrowserTests {

	private static final String PHOTO_UPLOAD = "#photo-upload";

	private static final String HEADER_AVATAR = "#header-avatar";

	private static final Duration PROCESSED = Duration.ofSeconds(30);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Chromium chromium;

	private static TestFiles files;

	private final Pipeline pipeline;

	private final DemoPage page;

	DemoPagesBrowserTests(Pipeline pipeline) {
		this.pipeline = pipeline;
		this.page = new DemoPage(chromium.driver(), pipeline.ingestUrl());
	}

	@BeforeAll
	static void startBrowser() {
		chromium = Chromium.start();
		files = TestFiles.create();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void anUploadShowsItsProgress() {
		this.page.open("profile.html?user=browser-progress");
		this.page.throttleUploads(1_000_000);
		try {
			this.page.choose(PHOTO_UPLOAD, files.phonePhoto());
			await("the upload to be sent").atMost(Duration.ofSeconds(30))
				.until(() -> !"uploading".equals(this.page.state(PHOTO_UPLOAD)));
		}
		finally {
			this.page.unthrottle();
		}
		assertThat(this.page.progressSeen()).as("progress shown while the photo uploads")
			.anySatisfy((percent) -> assertThat(percent.intValue()).isStrictlyBetween(0, 100))
			.last()
			.satisfies((percent) -> assertThat(percent.intValue()).isEqualTo(100));
		assertThat(this.page.progressValue(PHOTO_UPLOAD)).isEqualTo(100);
	}

	@Test
	void theHeaderAvatarSwitchesToTheServedWebPWithinSeconds() throws Exception {
		this.page.open("profile.html?user=browser-avatar");
		assertThat(this.page.image(HEADER_AVATAR).visible()).as("no photo yet").isFalse();
		long chosen = System.nanoTime();
		this.page.choose(PHOTO_UPLOAD, files.phonePhoto());
		DemoPage.Shown avatar = await("the header avatar to show the served image").atMost(PROCESSED)
			.until(() -> this.page.image(HEADER_AVATAR), (shown) -> shown.isServedFrom(this.pipeline.servingUrl()));
		System.out.printf("Header avatar showed the served WebP %d ms after the file was chosen%n",
				Duration.ofNanos(System.nanoTime() - chosen).toMillis());
		assertThat(avatar.currentSrc()).as("a rendition for a 40 px avatar").contains("&w=");
		assertThat(avatar.width()).isEqualTo("40");
		assertThat(avatar.height()).isEqualTo("40");
		HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(avatar.currentSrc())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(served.headers().firstValue("Content-Type")).hasValue("image/webp");
		assertThat(this.page.state(PHOTO_UPLOAD)).isEqualTo("ready");
		assertThat(this.page.layoutShift()).as("layout shift while the photo was shown: %s", this.page.layoutShifted())
			.isLessThan(0.001);
	}

	@Test
	void aSecondUploadChangesTheImageWithoutAReload() {
		this.page.open("profile.html?user=browser-again");
		this.page.choose(PHOTO_UPLOAD, TestFiles.corpusPhoto("Landscape_1"));
		String first = await().atMost(PROCESSED)
			.until(() -> this.page.image(HEADER_AVATAR), (shown) -> shown.isServedFrom(this.pipeline.servingUrl()))
			.version();
		this.page.choose(PHOTO_UPLOAD, TestFiles.corpusPhoto("Portrait_1"));
		DemoPage.Shown second = await("the header avatar to show the new photo").atMost(PROCESSED)
			.until(() -> this.page.image(HEADER_AVATAR),
					(shown) -> shown.isServedFrom(this.pipeline.servingUrl()) && !shown.version().equals(first));
		assertThat(second.version()).isNotEmpty().isNotEqualTo(first);
		// each rendition has its own v: the two images show the same upload's main token
		assertThat(this.page.script("return document.querySelector('#photo').dataset.version"))
			.as("the upload the photo shows")
			.isEqualTo(this.page.script("return document.querySelector(arguments[0]).dataset.version", HEADER_AVATAR));
		assertThat(this.page.image("#photo").isServedFrom(this.pipeline.servingUrl())).isTrue();
		assertThat(this.page.wasNotReloaded()).as("the page was not reloaded").isTrue();
	}

	@Test
	void aFileThatIsNotAnImageShowsTheServersMessage() throws Exception {
		Path notes = files.textNamedPng();
		String detail = serverDetailFor(Files.readAllBytes(notes));
		this.page.open("profile.html?user=browser-invalid");
		this.page.choose(PHOTO_UPLOAD, notes);
		await("the error").atMost(Duration.ofSeconds(10)).until(() -> "error".equals(this.page.state(PHOTO_UPLOAD)));
		assertThat(this.page.error(PHOTO_UPLOAD)).isEqualTo(detail).contains("JPEG, PNG, GIF or WebP");
		assertThat(this.page.showsRetryButton(PHOTO_UPLOAD)).isTrue();
		assertThat(this.page.image(HEADER_AVATAR).visible()).as("the header shows no broken image").isFalse();
	}

	@Test
	void anUploadTheTokenMayNotWriteShowsTheRefusalAndStoresNothing() throws Exception {
		this.page.open("profile.html?user=browser-token");
		this.page.script(
				"document.querySelector(arguments[0]).endpoint = '/api/v1/images/users/browser-not-mine/profile'",
				PHOTO_UPLOAD);
		this.page.choose(PHOTO_UPLOAD, files.phonePhoto());
		await("the refusal").atMost(Duration.ofSeconds(10)).until(() -> "error".equals(this.page.state(PHOTO_UPLOAD)));
		assertThat(this.page.error(PHOTO_UPLOAD)).isEqualTo("This token may not write this image.");
		HttpResponse<String> current = http.send(HttpRequest
			.newBuilder(this.pipeline.servingUrl().resolve("/images/users/browser-not-mine/profile/meta"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(current.statusCode()).as("nothing was stored for the other user").isEqualTo(404);
	}

	@Test
	void aPhotoThatCannotBeDecodedShowsWhyAndOffersARetry() throws Exception {
		this.page.open("profile.html?user=browser-truncated");
		this.page.choose(PHOTO_UPLOAD, files.truncatedPhoto());
		await("the processing to fail").atMost(PROCESSED).until(() -> "error".equals(this.page.state(PHOTO_UPLOAD)));
		assertThat(this.page.error(PHOTO_UPLOAD)).isNotBlank().doesNotContain("Exception");
		assertThat(this.page.showsRetryButton(PHOTO_UPLOAD)).isTrue();
	}

	@Test
	void withoutAnEventStreamTheComponentPollsTheStatusAndStillShowsTheServedImage() {
		this.page.open("profile.html?user=browser-polling");
		this.page.script("document.querySelector(arguments[0]).setAttribute('transport', 'poll')", PHOTO_UPLOAD);
		this.page.choose(PHOTO_UPLOAD, TestFiles.corpusPhoto("Landscape_3"));
		DemoPage.Shown avatar = await("the header avatar to show the served image").atMost(PROCESSED)
			.until(() -> this.page.image(HEADER_AVATAR), (shown) -> shown.isServedFrom(this.pipeline.servingUrl()));
		assertThat(avatar.currentSrc()).as("a rendition, read from serving-api's metadata").contains("&w=");
	}

	@Test
	void anOrganizationCardShowsItsUploadedLogo() {
		this.page.open("organizations.html");
		String acme = this.page.image("#org-acme .org-logo img").currentSrc();
		this.page.choose("#org-globex imagepipe-upload", files.logo("Globex", new Color(0x0e7490)));
		DemoPage.Shown logo = await("the card to show the served logo").atMost(PROCESSED)
			.until(() -> this.page.image("#org-globex .org-logo img"),
					(shown) -> shown.isServedFrom(this.pipeline.servingUrl()));
		assertThat(logo.currentSrc()).as("the 256 px rendition for a 200 px box").endsWith("&w=256");
		assertThat(logo.width()).isEqualTo("200");
		assertThat(logo.height()).isEqualTo("80");
		assertThat(this.page.image("#org-acme .org-logo img").currentSrc()).as("other cards unchanged").isEqualTo(acme);
	}

	@Test
	void removePhotoGoesBackToTheInitialsWithoutAReloadAndTheImageIsGone() throws Exception {
		this.page.open("profile.html?user=browser-remove");
		this.page.choose(PHOTO_UPLOAD, TestFiles.corpusPhoto("Portrait_1"));
		awaitReady(PHOTO_UPLOAD);
		awaitServed(HEADER_AVATAR, "#photo");
		String served = this.page.image("#photo").currentSrc();
		assertThat(removeButton(PHOTO_UPLOAD)).as("the remove button, shown once there is a photo")
			.isEqualTo("Remove photo");

		this.page.script("document.querySelector(arguments[0]).shadowRoot.querySelector('.remove').click()",
				PHOTO_UPLOAD);

		await("the page to show the initials again").atMost(Duration.ofSeconds(10))
			.until(() -> !this.page.image(HEADER_AVATAR).visible() && !this.page.image("#photo").visible());
		assertThat(this.page.script("return getComputedStyle(document.querySelector('.avatar-header .initials'))"
				+ ".visibility + ' ' + document.querySelector('.avatar-header .initials').textContent"))
			.isEqualTo("visible AM");
		assertThat(removeButton(PHOTO_UPLOAD)).as("no remove button without a photo").isEmpty();
		assertThat(this.page.wasNotReloaded()).as("the page was not reloaded").isTrue();
		assertThat(http.send(HttpRequest.newBuilder(URI.create(served)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).as("the served URL after the remove").isEqualTo(404);
		save("demo-profile-removed.png", this.page.screenshot());

		this.page.open("profile.html?user=browser-remove");
		Thread.sleep(500);
		assertThat(this.page.image(HEADER_AVATAR).visible()).as("still no photo after a reload").isFalse();
	}

	@Test
	void removeLogoGoesBackToThePlaceholderOfItsCardOnly() {
		this.page.open("organizations.html");
		this.page.choose("#org-initech imagepipe-upload", files.logo("Initech", new Color(0x7c3aed)));
		awaitReady("#org-initech imagepipe-upload");
		awaitServed("#org-initech .org-logo img");
		String acme = this.page.image("#org-acme .org-logo img").currentSrc();
		assertThat(removeButton("#org-initech imagepipe-upload")).isEqualTo("Remove logo");

		this.page.script("document.querySelector(arguments[0]).shadowRoot.querySelector('.remove').click()",
				"#org-initech imagepipe-upload");

		await("the card to show its initial again").atMost(Duration.ofSeconds(10))
			.until(() -> !this.page.image("#org-initech .org-logo img").visible());
		assertThat(this.page.image("#org-acme .org-logo img").currentSrc()).as("other cards unchanged").isEqualTo(acme);
		assertThat(this.page.wasNotReloaded()).isTrue();
	}

	/** The label of a component's remove button, empty when it is not shown. */
	private String removeButton(String upload) {
		return (String) this.page
			.script("const b = document.querySelector(arguments[0]).shadowRoot.querySelector('.remove');"
					+ "return b.hidden || b.getBoundingClientRect().width === 0 ? '' : b.textContent;", upload);
	}

	/**
	 * Also writes the screenshots in docs/: {@code ./mvnw verify -pl end-to-end-tests
	 * -Dtest=DemoPagesBrowserTests -De2e.screenshots=../docs}.
	 */
	@Test
	void bothDemoPagesShowEveryServedImageWithoutALayoutShift() throws Exception {
		this.page.open("profile.html");
		this.page.choose(PHOTO_UPLOAD, TestFiles.corpusPhoto("Portrait_1"));
		awaitReady(PHOTO_UPLOAD);
		awaitServed(HEADER_AVATAR, "#photo");
		assertThat(this.page.layoutShift()).as("layout shift: %s", this.page.layoutShifted()).isLessThan(0.001);
		save("demo-profile.png", this.page.screenshot());

		this.page.open("organizations.html");
		this.page.choose("#org-acme imagepipe-upload", files.logo("Acme", new Color(0xdc2626)));
		this.page.choose("#org-globex imagepipe-upload", files.logo("Globex", new Color(0x0e7490)));
		this.page.choose("#org-initech imagepipe-upload", files.logo("Initech", new Color(0x7c3aed)));
		for (String org : new String[] { "acme", "globex", "initech" }) {
			awaitReady("#org-" + org + " imagepipe-upload");
		}
		awaitServed("#org-acme .org-logo img", "#org-globex .org-logo img", "#org-initech .org-logo img",
				"#header-logo", HEADER_AVATAR);
		assertThat(this.page.layoutShift()).as("layout shift: %s", this.page.layoutShifted()).isLessThan(0.001);
		save("demo-organizations.png", this.page.screenshot());
	}

	private void awaitReady(String upload) {
		await(upload + " to be done").atMost(PROCESSED).until(() -> "ready".equals(this.page.state(upload)));
	}

	private void awaitServed(String... images) {
		for (String image : images) {
			await(image + " to show the served image").atMost(PROCESSED)
				.until(() -> this.page.image(image), (shown) -> shown.isServedFrom(this.pipeline.servingUrl()));
		}
	}

	private static void save(String name, byte[] png) throws Exception {
		Path folder = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));
		Files.createDirectories(folder);
		Files.write(folder.resolve(name), png);
	}

	private String serverDetailFor(byte[] bytes) throws Exception {
		HttpResponse<String> refused = http.send(HttpRequest
			.newBuilder(this.pipeline.ingestUrl().resolve("/api/v1/images/users/browser-invalid/profile"))
			.header("Content-Type", "image/png")
			.header("Authorization", TestTokens.bearer(TestTokens.user("browser-invalid")))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(415);
		return JsonMapper.builder().build().readTree(refused.body()).path("detail").asString();
	}

}
