package io.imagepipe.ops;

import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;

import org.springframework.stereotype.Service;

/**
 * What the dashboard reads about failed uploads.
 */
@Service
class FailedUploadQueries {

	private static final List<String> KNOWN_ERROR_CLASSES = List.of("unprocessable", "transient", "worker-crash");

	private final FailedUploads failed;

	private final ImageHistories histories;

	private final PreviewRenderer previews;

	private final OpsProperties properties;

	private final List<String> ownerTypes;

	FailedUploadQueries(FailedUploads failed, ImageHistories histories, PreviewRenderer previews,
			OpsProperties properties, UploadSettings.Slots slots) {
		this.failed = failed;
		this.histories = histories;
		this.previews = previews;
		this.properties = properties;
		this.ownerTypes = slots.ownerTypes();
	}

	FailedPage failed(FailureFilter filter, int page, Integer size) {
		int pageSize = this.properties.pageSize(size);
		int pageNumber = Math.max(0, page);
		TreeSet<String> errorClasses = new TreeSet<>(KNOWN_ERROR_CLASSES);
		errorClasses.addAll(this.failed.errorClasses());
		return new FailedPage(this.failed.page(filter, pageNumber, pageSize), pageNumber, pageSize,
				this.failed.count(filter), List.copyOf(errorClasses), this.ownerTypes);
	}

	ImageHistory.Outcome outcome(UUID id) {
		return this.histories.outcome(id).orElseThrow(OpsProblem::unknownUpload);
	}

	ImageHistory history(ImageKey key) {
		return this.histories.of(key);
	}

	byte[] preview(UUID id) {
		return this.failed.rawBytes(id).flatMap(this.previews::render).orElseThrow(OpsProblem::noPreview);
	}

}
