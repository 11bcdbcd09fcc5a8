package io.imagepipe.serving.image;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public image endpoints: the bytes (GET and HEAD), optionally of the rendition that
 * suits a display width ({@code ?w=}), and their metadata. No auth. The raw query decides
 * whether caches may keep the answer ({@link ImageQuery}).
 */
@RestController
@RequestMapping("/images/{ownerType}/{ownerId}/{slot}")
class ImageController {

	private final ImageSlots slots;

	private final ImageResponses responses;

	ImageController(ImageSlots slots, ImageResponses responses) {
		this.slots = slots;
		this.responses = responses;
	}

	@GetMapping
	ResponseEntity<byte[]> get(@PathVariable String ownerType, @PathVariable String ownerId, @PathVariable String slot,
			@RequestParam(required = false) String v, @RequestParam(required = false) String w,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			HttpServletRequest request) {
		return this.responses.get(this.slots.keyOf(ownerType, ownerId, slot),
				ImageQuery.of(v, w, request.getQueryString()), ifNoneMatch);
	}

	@RequestMapping(method = RequestMethod.HEAD)
	ResponseEntity<byte[]> head(@PathVariable String ownerType, @PathVariable String ownerId, @PathVariable String slot,
			@RequestParam(required = false) String v, @RequestParam(required = false) String w,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			HttpServletRequest request) {
		return this.responses.head(this.slots.keyOf(ownerType, ownerId, slot),
				ImageQuery.of(v, w, request.getQueryString()), ifNoneMatch);
	}

	@GetMapping("/meta")
	ResponseEntity<ImageMetadataResponse> metadata(@PathVariable String ownerType, @PathVariable String ownerId,
			@PathVariable String slot) {
		return this.responses.metadata(this.slots.keyOf(ownerType, ownerId, slot));
	}

}
