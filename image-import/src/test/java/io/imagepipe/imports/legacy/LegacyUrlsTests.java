package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LegacyUrlsTests {

	@TempDir
	Path folder;

	@Test
	void aRelativeLegacyUrlIsReadFromTheOldSitesFolder() throws Exception {
		Path image = this.folder.resolve("static/images/42.jpg");
		Files.createDirectories(image.getParent());
		Files.write(image, new byte[] { 7, 8 });
		LegacyUrls urls = new LegacyUrls(this.folder.toUri().toString(), HttpClient.newHttpClient());

		assertThat(urls.read("/static/images/42.jpg")).containsExactly(7, 8);
	}

	@Test
	void relativeUrlsResolveAgainstTheBaseAndAbsoluteOnesAreKept() throws Exception {
		LegacyUrls urls = new LegacyUrls("https://old.example.com/", HttpClient.newHttpClient());

		assertThat(urls.resolve("/static/images/42.jpg"))
			.isEqualTo(URI.create("https://old.example.com/static/images/42.jpg"));
		assertThat(urls.resolve("https://cdn.example.com/a.png"))
			.isEqualTo(URI.create("https://cdn.example.com/a.png"));
	}

	@Test
	void aRelativeUrlWithoutABaseIsRefusedWithAHint() {
		LegacyUrls urls = new LegacyUrls(null, HttpClient.newHttpClient());

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> urls.resolve("/static/images/42.jpg"))
			.withMessageContaining("--url-base");
	}

}
