package io.imagepipe.serving.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.http.MediaType;

/**
 * The signature that opens every WebP file: {@code RIFF}, the four-byte length of the
 * RIFF chunk, then {@code WEBP}. serving-api checks it on whatever it is about to
 * describe or send, and the {@code Content-Type} it sends comes from this check, never
 * from a stored string: a row that was tampered with or corrupted is refused rather than
 * served under a media type it does not have.
 * <p>
 * The check proves the bytes claim to be WebP, not that they decode: a file can open with
 * this signature and still carry HTML. What keeps such a polyglot inert in a browser are
 * the headers of every answer ({@code nosniff}, {@code Content-Type: image/webp} and a
 * sandboxing policy); see {@code SecurityHeaders}.
 */
final class WebpSignature {

	/** How many leading bytes the signature fills. */
	static final int LENGTH = 12;

	/** The only media type serving-api ever sends bytes as. */
	static final MediaType MEDIA_TYPE = MediaType.parseMediaType("image/webp");

	private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);

	private WebpSignature() {
	}

	/**
	 * Tell whether bytes start with the WebP signature.
	 * @param bytes a whole file or at least its first {@value #LENGTH} bytes, possibly
	 * {@code null}
	 * @return whether they do
	 */
	static boolean matches(byte[] bytes) {
		return bytes != null && bytes.length >= LENGTH && Arrays.equals(bytes, 0, 4, RIFF, 0, 4)
				&& Arrays.equals(bytes, 8, 12, WEBP, 0, 4);
	}

}
