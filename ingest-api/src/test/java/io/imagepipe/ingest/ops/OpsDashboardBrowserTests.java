package io.imagepipe.ingest.ops;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.Chromium;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through chromedriver
 * by Selenium. An ops user finds a failed upload and its reason, retries it, and sees it
 * done; a double click on Retry makes one new attempt; Reprocess all runs in the
 * background with its progress on the page. Screenshots of the page are left in
 * {@code target/ops-dashboard.png} and {@code target/ops-dashboard-bulk-running.png}, and
 * of any page a test failed on.
 */
@OpsIntegrationTest
class OpsDashboardBrowserTests {

	static Chromium chromium;

	static ChromeDriver browser;

	@RegisterExtension
	final TestWatcher screenshotOnFailure = new TestWatcher() {

		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			screenshot("ops-dashboard-failed-" + context.getRequiredTestMethod().getName() + ".png");
		}

	};

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobTopology topology;

	StandInWorker worker;

	@BeforeAll
	static void startChromium() {
		chromium = Chromium.start(1400, 1700);
		browser = chromium.driver();
	}

	@BeforeEach
	void startTheStandInWorker() throws Exception {
		this.worker = new StandInWorker(this.topology, this.jdbc);
	}

	@AfterEach
	void stopTheStandInWorker() throws Exception {
		this.worker.close();
	}

	@AfterAll
	static void stopChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void anOpsUserFindsAFailedUploadRetriesItAndSeesItDone() throws Exception {
		FailedUploadRows rows = new FailedUploadRows(this.jdbc);
		String owner = FailedUploadRows.uniqueOwner("browser");
		UUID id = rows.insertUser(owner, "unprocessable", "The image data is truncated: the file ends early.");
		browser.get("http://" + OpsClient.USER + ":" + OpsClient.PASSWORD + "@localhost:" + this.port + "/ops");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(failedRow(id)));
		assertThat(row.getText()).contains("users/" + owner + "/profile", "unprocessable",
				"The image data is truncated: the file ends early.", "image/png");
		wait.until((driver) -> previewLoaded(row));

		row.findElement(By.cssSelector("button.retry")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Requeued 1 of 1 upload."));
		By retried = By.cssSelector("#retried li[data-upload-id='" + id + "'] .status");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(retried, "done"));
		wait.until(ExpectedConditions.invisibilityOfElementLocated(failedRow(id)));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "upload " + id));
		assertThat(rows.status(id)).isEqualTo("done");
		assertThat(attempts(id)).isEqualTo(1);
		screenshot("ops-dashboard.png");
	}

	@Test
	void aDoubleClickOnRetryMakesOneNewAttempt() throws Exception {
		FailedUploadRows rows = new FailedUploadRows(this.jdbc);
		UUID id = rows.insertUser(FailedUploadRows.uniqueOwner("twice"), "transient", "Temporary failure");
		browser.get("http://" + OpsClient.USER + ":" + OpsClient.PASSWORD + "@localhost:" + this.port + "/ops");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		WebElement retry = wait.until(ExpectedConditions
			.elementToBeClickable(By.cssSelector("tr[data-upload-id='" + id + "'] button.retry")));
		new Actions(browser).doubleClick(retry).perform();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Requeued 1 of 1 upload."));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(
				By.cssSelector("#retried li[data-upload-id='" + id + "'] .status"), "done"));
		assertThat(rows.status(id)).isEqualTo("done");
		assertThat(attempts(id)).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM upload_retries WHERE upload_id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void reprocessAllRunsInTheBackgroundAndItsProgressShowsUntilItIsDone() throws Exception {
		this.jdbc
			.sql("""
					WITH served AS (
					    INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
					                         status)
					    SELECT gen_random_uuid(), 'users', 'bulk-browser-' || n || '-' || :run, 'profile', 'image/png', 4,
					           8, 8, '\\x89504e47'::bytea, 'done'
					    FROM generate_series(1, 5) n
					    RETURNING id, owner_type, owner_id, slot, seq)
					INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
					                    sha256)
					SELECT owner_type, owner_id, slot, id, seq, '\\x52494646'::bytea, 8, 8, 4, repeat('a', 64) FROM served
					""")
			.param("run", UUID.randomUUID().toString())
			.update();
		browser.get("http://" + OpsClient.USER + ":" + OpsClient.PASSWORD + "@localhost:" + this.port + "/ops");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		WebElement reprocess = wait.until(ExpectedConditions.elementToBeClickable(By.id("reprocess-all")));
		By running = By.cssSelector("#bulk-actions li.bulk-action.running");
		try (Connection blocker = TestInfrastructure.get().openDatabaseConnection();
				Statement lock = blocker.createStatement()) {
			// holds the run in its first batch, which inserts the copies, while the page
			// is looked at
			blocker.setAutoCommit(false);
			lock.execute("LOCK TABLE uploads IN SHARE MODE");
			// the operator confirms the dialog
			browser.executeScript("window.confirm = () => true;");
			wait.until(ExpectedConditions.elementToBeClickable(reprocess)).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
					"Reprocess all images started in the background"));
			WebElement progress = wait.until(ExpectedConditions.visibilityOfElementLocated(running));
			assertThat(progress.getText()).contains("Reprocess all images", "running");
			assertThat(reprocess.isEnabled()).as("the button while a reprocess runs").isFalse();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "reprocess all (running)"));
			screenshot("ops-dashboard-bulk-running.png");
			blocker.rollback();
		}
		By done = By.cssSelector("#bulk-actions li.bulk-action.done .state");
		wait.until(ExpectedConditions.visibilityOfElementLocated(done));
		assertThat(browser.findElement(done).getText())
			.matches("done: \\d+ of \\d+ images queued again in \\d+ batches");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("reprocess-all")));
	}

	private static By failedRow(UUID id) {
		return By.cssSelector("#failed tr[data-upload-id='" + id + "']");
	}

	private static boolean previewLoaded(WebElement row) {
		Object width = browser.executeScript("const image = arguments[0].querySelector('img.thumb');"
				+ " return image && image.complete ? image.naturalWidth : 0;", row);
		return width instanceof Number number && number.intValue() > 0;
	}

	private int attempts(UUID id) {
		return this.jdbc.sql("SELECT attempts FROM uploads WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single();
	}

	private static void screenshot(String name) {
		chromium.screenshot(Path.of("target", name));
	}

}
