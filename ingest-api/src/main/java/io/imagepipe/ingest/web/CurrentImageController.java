package io.imagepipe.ingest.web;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.upload.UploadProperties;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The image served now for a slot, for pages that show it: on ingest-api, so that a page
 * served from here (or from an origin in {@code CORS_ORIGINS}) can read it without CORS
 * on serving-api.
 */
@RestController
class CurrentImageController {

	private final CurrentImages images;

	private final UploadProperties.Slots slots;

	CurrentImageController(CurrentImages images, UploadProperties.Slots slots) {
		this.images = images;
		this.slots = slots;
	}

	@Operation(summary = "The image served now for a slot: versioned URL, size, placeholder colour, renditions")
	@GetMapping("/api/v1/images/{ownerType}/{ownerId}/{slot}/current")
	ResponseEntity<CurrentImage> current(@PathVariable String ownerType, @PathVariable String ownerId,
			@PathVariable String slot) {
		if (!this.slots.accepts(ownerType, slot)) {
			throw ImageProblems.unknownSlot(ownerType, slot);
		}
		if (!ImageKey.isValidOwnerId(ownerId)) {
			throw ImageProblems.invalidOwnerId();
		}
		CurrentImage image = this.images.find(new ImageKey(ownerType, ownerId, slot))
			.orElseThrow(ImageProblems::imageNotFound);
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(image);
	}

}
