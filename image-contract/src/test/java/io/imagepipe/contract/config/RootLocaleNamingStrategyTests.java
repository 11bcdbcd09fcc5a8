package io.imagepipe.contract.config;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RootLocaleNamingStrategyTests {

	@Test
	void namesAreSnakeCaseWhateverTheLocale() {
		Locale before = Locale.getDefault();
		try {
			Locale.setDefault(Locale.forLanguageTag("tr-TR"));
			assertThat(RootLocaleNamingStrategy.snakeCase("ownerId")).isEqualTo("owner_id");
			assertThat(RootLocaleNamingStrategy.snakeCase("resultSha256")).isEqualTo("result_sha256");
			assertThat(RootLocaleNamingStrategy.snakeCase("ImageDeletion")).isEqualTo("image_deletion");
			assertThat(RootLocaleNamingStrategy.snakeCase("hadImage")).isEqualTo("had_image");
		}
		finally {
			Locale.setDefault(before);
		}
	}

}
