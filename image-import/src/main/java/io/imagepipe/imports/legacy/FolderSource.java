package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image files under a folder, such as a legacy {@code /static/images/}. Each file's
 * path relative to the folder (with {@code /} separators) is matched against a regular
 * expression, and the key template turns the match into the image key, with {@code $1} or
 * {@code ${name}} for the groups.
 */
final class FolderSource {

	/** Files laid out as {@code ownerType/ownerId/slot.ext}. */
	static final String DEFAULT_MATCH = "(?<type>[a-z][a-z0-9-]*)/(?<id>[A-Za-z0-9][A-Za-z0-9_-]*)/(?<slot>[a-z][a-z0-9-]*)\\.[A-Za-z0-9]+";

	/** The key of {@link #DEFAULT_MATCH}. */
	static final String DEFAULT_KEY = "${type}/${id}/${slot}";

	private final Path root;

	private final Pattern match;

	private final String keyTemplate;

	FolderSource(Path root, Pattern match, String keyTemplate) {
		this.root = root;
		this.match = match;
		this.keyTemplate = keyTemplate;
	}

	/**
	 * List the files, in the order of their relative paths.
	 * @return the images, and the files that name no image
	 * @throws IOException when the folder cannot be read
	 */
	Scan scan() throws IOException {
		if (!Files.isDirectory(this.root)) {
			throw new IOException(this.root + " is not a folder");
		}
		List<LegacyImage> images = new ArrayList<>();
		List<String> unusable = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.root)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				String relative = this.root.relativize(file)
					.toString()
					.replace(file.getFileSystem().getSeparator(), "/");
				Matcher matcher = this.match.matcher(relative);
				if (!matcher.matches()) {
					unusable.add(relative + ": does not match --match");
					continue;
				}
				try {
					images.add(new LegacyImage(relative, LegacyImage.parseKey(matcher.replaceFirst(this.keyTemplate)),
							fingerprint(file), () -> Files.readAllBytes(file)));
				}
				catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
					unusable.add(relative + ": " + ex.getMessage());
				}
			}
		}
		return new Scan(images, unusable);
	}

	private static String fingerprint(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		return "file:" + attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
	}

	/**
	 * What a folder holds.
	 *
	 * @param images the files that name an image
	 * @param unusable the other files, each with the reason
	 */
	record Scan(List<LegacyImage> images, List<String> unusable) {
	}

}
