package io.imagepipe.e2e;

import io.imagepipe.testsupport.TestTokens;

/**
 * The bearer token a browser sends for an image: its owner's own. A user's token (its
 * subject the user id) for {@code users/{id}/...}, the token of an admin of the
 * organisation for {@code organizations/{id}/...}. Uploads for many owners at once, as a
 * backend sends them, use {@link TestTokens#service()} instead.
 */
public final class OwnerTokens {

	private OwnerTokens() {
	}

	/**
	 * The owner's token for an image.
	 * @param image the image, such as {@code users/42/profile}
	 * @return a token that may write it and no other owner's images
	 */
	public static String forImage(String image) {
		String[] parts = image.split("/");
		if (parts.length < 2) {
			throw new IllegalArgumentException("Not an image key: " + image);
		}
		return switch (parts[0]) {
			case "users" -> TestTokens.user(parts[1]);
			case "organizations" -> TestTokens.orgAdmin("admin-of-" + parts[1], parts[1]);
			default -> throw new IllegalArgumentException(
					"No owner's token for " + image + "; send TestTokens.service() instead");
		};
	}

	/**
	 * The {@code Authorization} header value of the owner's token.
	 * @param image the image, such as {@code users/42/profile}
	 * @return {@code Bearer <token>}
	 */
	public static String bearer(String image) {
		return TestTokens.bearer(forImage(image));
	}

}
