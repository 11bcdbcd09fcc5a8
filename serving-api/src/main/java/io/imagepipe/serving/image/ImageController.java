package io.imagepipe.serving.image;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The public image endpoints: the bytes (GET and HEAD), optionally of the rendition that
 * suits a display width ({@code ?w=}), and their metadata. No auth. The raw query decides
 * whether caches may keep the answer ({@link ImageQuery}).
 * <p>
 * A {@code GET} takes the request and the response alone and reads the path variables,
 * {@code v}, {@code w} and {@code If-None-Match} itself, with the same values the
 * annotated arguments would have had (repeated values joined with commas): it is the path
 * every image request takes, and {@link ImageResponses} writes its warm answers straight
 * to the response (ADR 0014).
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
	ResponseEntity<byte[]> get(HttpServletRequest request, HttpServletResponse response) throws IOException {
		@SuppressWarnings("unchecked")
		Map<String, String> path = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return this.responses.get(this.slots.keyOf(path.get("ownerType"), path.get("ownerId"), path.get("slot")),
				ImageQuery.of(joined(request.getParameterValues("v")), joined(request.getParameterValues("w")),
						request.getQueryString()),
				joined(request.getHeaders(HttpHeaders.IF_NONE_MATCH)), hasOtherPreconditions(request), response);
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

	/**
	 * Whether the request carries a precondition other than {@code If-None-Match}, which
	 * only Spring MVC's own evaluation of a {@code ResponseEntity} answers.
	 */
	private static boolean hasOtherPreconditions(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.IF_MODIFIED_SINCE) != null
				|| request.getHeader(HttpHeaders.IF_MATCH) != null
				|| request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null;
	}

	private static String joined(String[] values) {
		if (values == null) {
			return null;
		}
		return (values.length == 1) ? values[0] : String.join(",", values);
	}

	private static String joined(Enumeration<String> values) {
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String first = values.nextElement();
		if (!values.hasMoreElements()) {
			return first;
		}
		StringJoiner all = new StringJoiner(",").add(first);
		values.asIterator().forEachRemaining(all::add);
		return all.toString();
	}

}
