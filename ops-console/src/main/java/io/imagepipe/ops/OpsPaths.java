package io.imagepipe.ops;

import java.util.UUID;

/**
 * The paths of the ops API, where responses link to each other.
 */
final class OpsPaths {

	static final String API = "/api/v1/ops";

	private OpsPaths() {
	}

	static String action(long id) {
		return API + "/actions/" + id;
	}

	static String preview(UUID uploadId) {
		return API + "/uploads/" + uploadId + "/preview";
	}

	static String history(String ownerType, String ownerId, String slot) {
		return API + "/images/" + ownerType + "/" + ownerId + "/" + slot + "/history";
	}

}
