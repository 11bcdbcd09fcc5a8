package io.imagepipe.ingest.ops;

import java.time.Duration;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.OpenApiSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The failed uploads, their previews and each image's history.
 */
@RestController
@RequestMapping(OpsPaths.API)
@SecurityRequirement(name = OpenApiSecurity.BEARER)
class FailedUploadsController {

	private final FailedUploadQueries queries;

	FailedUploadsController(FailedUploadQueries queries) {
		this.queries = queries;
	}

	@Operation(summary = "Failed uploads, newest failure first, with their reasons", tags = "ops")
	@GetMapping("/failed")
	FailedPage failed(@Valid FailureFilter filter, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer size) {
		return this.queries.failed(filter, page, size);
	}

	@Operation(summary = "Every upload of one image with its attempts, and the image served now", tags = "ops")
	@GetMapping("/images/{ownerType}/{ownerId}/{slot}/history")
	ImageHistory history(@PathVariable String ownerType, @PathVariable String ownerId, @PathVariable String slot) {
		if (!ImageKey.isValidName(ownerType) || !ImageKey.isValidOwnerId(ownerId) || !ImageKey.isValidName(slot)) {
			throw OpsProblem.unknownImage();
		}
		return this.queries.history(new ImageKey(ownerType, ownerId, slot));
	}

	@Operation(summary = "A safe preview of an upload: a re-encoded PNG thumbnail, never the uploaded bytes",
			tags = "ops")
	@GetMapping("/uploads/{id}/preview")
	ResponseEntity<byte[]> preview(@PathVariable UUID id) {
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.header("Content-Security-Policy", "default-src 'none'")
			.header("X-Content-Type-Options", "nosniff")
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"preview-" + id + ".png\"")
			.body(this.queries.preview(id));
	}

}
