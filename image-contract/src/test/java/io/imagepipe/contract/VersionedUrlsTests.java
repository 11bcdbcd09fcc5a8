package io.imagepipe.contract;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VersionedUrlsTests {

	private static final String HASH = "3f2a9c0d1e4b5a6978877665544332211ffeeddccbbaa9988776655443322110";

	private static final ImageKey KEY = new ImageKey("users", "42", "profile");

	@Test
	void versionedUrlCarriesTheFirstSixteenHexOfTheContentHash() {
		assertThat(VersionedUrls.versionedUrl(URI.create("http://localhost:8082/"), KEY, HASH))
			.hasToString("http://localhost:8082/images/users/42/profile?v=3f2a9c0d1e4b5a69");
	}

	@Test
	void otherBytesGiveAnotherVersion() {
		String other = "4" + HASH.substring(1);
		assertThat(VersionedUrls.versionToken(other)).isNotEqualTo(VersionedUrls.versionToken(HASH));
	}

	@Test
	void onlyTheCurrentTokenIsCurrent() {
		assertThat(VersionedUrls.isCurrent("3f2a9c0d1e4b5a69", HASH)).isTrue();
		assertThat(VersionedUrls.isCurrent("3f2a9c0d1e4b5a68", HASH)).isFalse();
		assertThat(VersionedUrls.isCurrent(null, HASH)).isFalse();
	}

	@Test
	void refusesWhatIsNotAHash() {
		assertThatIllegalArgumentException().isThrownBy(() -> VersionedUrls.versionToken("abc"));
	}

	@Test
	void unversionedUrlIsTheSeedsPath() {
		assertThat(VersionedUrls.imageUrl(URI.create("https://cdn.example.com"),
				new ImageKey("organizations", "acme", "logo")))
			.hasToString("https://cdn.example.com/images/organizations/acme/logo");
	}

}
