package io.imagepipe.serving.image;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The stored bytes of an image or a rendition are not a WebP file, so they are not sent.
 * Only the compression worker writes images, and it writes WebP only: bytes without the
 * WebP signature mean that a row was corrupted or tampered with.
 * <p>
 * The answer is {@code 500} with the same generic {@code internal-error} problem as any
 * other failure on our side, deliberately not {@code 404}: the image does exist and the
 * fault is ours, a 404 would be cached (it is heuristically cacheable, so a CDN could
 * keep it after the row is repaired) and would not show in the 5xx alerts that must catch
 * it, and a distinct problem would tell whoever planted the bytes which check stopped
 * them. The image key is in the error log.
 */
final class UnservableImage extends ErrorResponseException {

	UnservableImage() {
		super(HttpStatus.INTERNAL_SERVER_ERROR, ImageProblems.internalError(), null);
	}

}
