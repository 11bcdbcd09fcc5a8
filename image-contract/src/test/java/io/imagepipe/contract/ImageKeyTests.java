package io.imagepipe.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ImageKeyTests {

	@ParameterizedTest
	@ValueSource(strings = { "42", "a1b2", "user_7", "0b3e1c7a-5b1e-4f7e-9d4a-2a8e2f1d9c00" })
	void acceptsUrlSafeOwnerIds(String id) {
		assertThat(new ImageKey("users", id, "profile").path()).isEqualTo("/images/users/" + id + "/profile");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "..", "../etc", "a/b", "a b", "-lead", "<script>", "é" })
	void refusesOwnerIdsThatCouldEscapeThePath(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ImageKey("users", id, "profile"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Users", "1users", "users/x", "" })
	void refusesOddOwnerTypesAndSlots(String name) {
		assertThat(ImageKey.isValidName(name)).isFalse();
	}

}
