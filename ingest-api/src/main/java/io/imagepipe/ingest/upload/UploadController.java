package io.imagepipe.ingest.upload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.UploadStatus;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.ingest.OpenApiSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The upload API: accept an image for an owner's slot, and report an upload's status.
 */
@RestController
@RequestMapping("/api/v1")
class UploadController {

	private final UploadService service;

	private final UploadStatusReader statuses;

	private final UploadProperties properties;

	private final DatabaseGuard database;

	UploadController(UploadService service, UploadStatusReader statuses, UploadProperties properties,
			DatabaseGuard database) {
		this.service = service;
		this.statuses = statuses;
		this.properties = properties;
		this.database = database;
	}

	@Operation(summary = "Upload an image as the 'file' part of a multipart form",
			security = @SecurityRequirement(name = OpenApiSecurity.BEARER))
	@PostMapping(path = "/images/{ownerType}/{ownerId}/{slot}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<UploadResponse> uploadMultipart(@PathVariable String ownerType, @PathVariable String ownerId,
			@PathVariable String slot, @RequestPart("file") MultipartFile file) throws IOException {
		ImageKey key = this.service.keyOf(ownerType, ownerId, slot);
		return accepted(key, readPart(file));
	}

	@Operation(summary = "Upload an image as the raw request body",
			security = @SecurityRequirement(name = OpenApiSecurity.BEARER))
	@PostMapping(path = "/images/{ownerType}/{ownerId}/{slot}")
	ResponseEntity<UploadResponse> uploadRaw(@PathVariable String ownerType, @PathVariable String ownerId,
			@PathVariable String slot, @Parameter(hidden = true) HttpServletRequest request) throws IOException {
		ImageKey key = this.service.keyOf(ownerType, ownerId, slot);
		return accepted(key, readBounded(request));
	}

	@Operation(summary = "The status of an upload, with the reason when it failed")
	@GetMapping("/uploads/{id}")
	UploadResponse status(@PathVariable String id) {
		return this.database.call(() -> this.statuses.read(id));
	}

	private ResponseEntity<UploadResponse> accepted(ImageKey key, byte[] bytes) {
		UUID id = this.database.call(() -> this.service.accept(key, bytes));
		URI statusUrl = URI.create("/api/v1/uploads/" + id);
		URI imageUrl = VersionedUrls.imageUrl(this.properties.publicImageBaseUrl(), key);
		return ResponseEntity.accepted()
			.location(statusUrl)
			.body(new UploadResponse(id, UploadStatus.QUEUED.value(), statusUrl, imageUrl, null, null));
	}

	/**
	 * The raw body, read once: into an array of exactly its Content-Length when it has
	 * one (the usual case; nginx always sends one), so that its bytes are copied once
	 * from Tomcat's buffer and never again; a chunked body is read up to the limit.
	 */
	private byte[] readBounded(HttpServletRequest request) throws IOException {
		long max = this.properties.maxSize().toBytes();
		long length = request.getContentLengthLong();
		if (length > max) {
			throw UploadRejected.tooLarge(max);
		}
		try (InputStream body = request.getInputStream()) {
			if (length >= 0) {
				byte[] bytes = new byte[(int) length];
				int read = body.readNBytes(bytes, 0, bytes.length);
				if (read < bytes.length) {
					throw new EOFException("The body ended after " + read + " of " + length + " bytes");
				}
				return bytes;
			}
			byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (bytes.length > max) {
				throw UploadRejected.tooLarge(max);
			}
			return bytes;
		}
	}

	/**
	 * A multipart upload's file, read once into an array of its size (it is in memory:
	 * {@code spring.servlet.multipart.file-size-threshold} is the upload limit).
	 */
	private static byte[] readPart(MultipartFile file) throws IOException {
		long size = file.getSize();
		if (size > Integer.MAX_VALUE - 8) {
			return file.getBytes();
		}
		try (InputStream in = file.getInputStream()) {
			byte[] bytes = new byte[(int) size];
			int read = in.readNBytes(bytes, 0, bytes.length);
			return (read == bytes.length) ? bytes : Arrays.copyOf(bytes, read);
		}
	}

}
