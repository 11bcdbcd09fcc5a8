package io.imagepipe.imports.legacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.imagepipe.contract.ImageKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class FolderSourceTests {

	@TempDir
	Path folder;

	@Test
	void filesLaidOutAsOwnerTypeOwnerIdAndSlotNeedNoPattern() throws Exception {
		write("users/42/profile.jpg");
		write("organizations/acme/logo.png");

		FolderSource.Scan scan = new FolderSource(this.folder, Pattern.compile(FolderSource.DEFAULT_MATCH),
				FolderSource.DEFAULT_KEY)
			.scan();

		assertThat(scan.images()).extracting(LegacyImage::source, LegacyImage::key)
			.containsExactly(tuple("organizations/acme/logo.png", new ImageKey("organizations", "acme", "logo")),
					tuple("users/42/profile.jpg", new ImageKey("users", "42", "profile")));
		assertThat(scan.unusable()).isEmpty();
	}

	@Test
	void aSeedStyleFolderIsMappedByAPatternAndTheRestIsListedAsSkipped() throws Exception {
		write("profile_photos/user_7.jpg");
		write("profile_photos/user_8.JPEG");
		write("profile_photos/user_9!.jpg");
		write("logos/readme.txt");

		FolderSource.Scan scan = new FolderSource(this.folder,
				Pattern.compile("profile_photos/user_(?<id>[^.]+)\\.(?i:jpe?g)"), "users/${id}/profile")
			.scan();

		assertThat(scan.images()).extracting(LegacyImage::key)
			.containsExactly(new ImageKey("users", "7", "profile"), new ImageKey("users", "8", "profile"));
		assertThat(scan.unusable()).containsExactly("logos/readme.txt: does not match --match",
				"profile_photos/user_9!.jpg: 'users/9!/profile' is not a valid image key: owner id must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit");
	}

	@Test
	void theFingerprintChangesWhenAFileChangesAndItsBytesAreReadOnlyWhenAsked() throws Exception {
		Path file = write("users/1/profile.jpg");
		FolderSource source = new FolderSource(this.folder, Pattern.compile(FolderSource.DEFAULT_MATCH),
				FolderSource.DEFAULT_KEY);
		LegacyImage before = source.scan().images().get(0);
		Files.write(file, new byte[] { 1, 2, 3, 4 });
		LegacyImage after = source.scan().images().get(0);

		assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
		assertThat(after.loader().load()).containsExactly(1, 2, 3, 4);
	}

	private Path write(String relative) throws Exception {
		Path file = this.folder.resolve(relative);
		Files.createDirectories(file.getParent());
		return Files.write(file, new byte[] { 9 });
	}

}
