package io.imagepipe.ingest.upload;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.OpenApiSecurity;
import io.imagepipe.ingest.upload.ImageDeletions.Erasure;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deleting images: one image, by those who may write it, or every image of an owner, by a
 * service (an erasure request).
 */
@RestController
@RequestMapping("/api/v1")
class ImageDeletionController {

	private final ImageDeletionService service;

	private final UploadService uploads;

	private final DatabaseGuard database;

	ImageDeletionController(ImageDeletionService service, UploadService uploads, DatabaseGuard database) {
		this.service = service;
		this.uploads = uploads;
		this.database = database;
	}

	@Operation(summary = "Delete an image",
			description = "Removes the served image, its renditions and the raw bytes of every upload of it; "
					+ "afterwards its URL and every ?v= of it answer 404 at serving-api. An upload of the image "
					+ "made before the delete is never served, also one still queued or processing (it ends "
					+ "'deleted'); an upload made after it is. Allowed to the same callers as an upload: the user "
					+ "for their own images, an organisation's admin for its logo, the service role. Idempotent: "
					+ "204 whether or not there was an image to delete. Copies that browsers, CDNs or the nginx "
					+ "front already hold are not taken back by the delete (see docs/operations.md).",
			security = @SecurityRequirement(name = OpenApiSecurity.BEARER))
	@ApiResponse(responseCode = "204", description = "The image is gone (or there was none)")
	@DeleteMapping("/images/{ownerType}/{ownerId}/{slot}")
	ResponseEntity<Void> delete(@PathVariable String ownerType, @PathVariable String ownerId, @PathVariable String slot,
			@Parameter(hidden = true) Authentication caller) {
		ImageKey key = this.uploads.keyOf(ownerType, ownerId, slot);
		this.database.call(() -> this.service.delete(key, caller.getName()));
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Erase every image of an owner",
			description = "Deletes every slot of the owner as DELETE of each image does, and records the "
					+ "erasure in the ops audit trail. Service role only. Safe to repeat: a repeat finds nothing "
					+ "and answers zero counts.",
			security = @SecurityRequirement(name = OpenApiSecurity.BEARER))
	@ApiResponse(responseCode = "200", description = "What was removed")
	@DeleteMapping("/owners/{ownerType}/{ownerId}")
	Erasure erase(@PathVariable String ownerType, @PathVariable String ownerId,
			@Parameter(hidden = true) Authentication caller) {
		return this.database.call(() -> this.service.erase(ownerType, ownerId, caller.getName()));
	}

}
