package io.imagepipe.serving.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.imagepipe.contract.ImageKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The finished images as files, for the nginx front to send itself (ADR 0019): when
 * {@code SERVING_FILES_DIRECTORY} is set, each canonical versioned answer serving-api
 * sends with {@code immutable} (an image's or a rendition's current {@code v}) is also
 * written to {@code <directory>/images/<owner type>/<owner id>/<slot>/<v>.webp}, or
 * {@code <v>-w<width>.webp} for a rendition's URL, which is the URL's path with the query
 * as the file's name. The front answers such a URL from the file when it exists, and asks
 * serving-api (through its cache) when it does not.
 * <p>
 * Files are a copy of what serving-api answered, never the truth:
 * <ul>
 * <li>a change of an image, new bytes or a deletion, removes its folder as soon as this
 * instance hears of it (the change's message, else the next poll: the staleness bounds of
 * ADR 0014); every instance removes the files it wrote, so a lagging instance's late
 * write is removed by that instance when it hears of the change;</li>
 * <li>a file is written only while the change feed is followed, and removed after
 * {@code SERVING_METADATA_MAX_AGE} whatever happened, the same bound as the metadata in
 * memory should every announcement be lost; it is written again on the next request for
 * it that reaches serving-api, a 200 or the 304 that answers the front's cache when it
 * revalidates its own copy;</li>
 * <li>at most {@code SERVING_FILES_MAX_SIZE} of files written by this instance are kept;
 * beyond it the least used are removed (and written again on their next request that
 * reaches serving-api);</li>
 * <li>at startup the folder {@code images/} is emptied: what an earlier run wrote may be
 * stale.</li>
 * </ul>
 * A file is written to a temporary name and moved into place, so the front never sends
 * part of one; its modification time is the image's {@code Last-Modified}. Folders are
 * {@code rwxr-xr-x} and files {@code rw-r--r--}, for an nginx running as another user.
 * Writing is best effort: a failure is logged and the answer is sent as it would have
 * been. Metrics: {@code cache_*{cache="serving.files"}}.
 */
@Component
class ImageFiles {

	private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);

	private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-xr-x");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

	private final Path images;

	private final CurrentImages current;

	/** What this instance wrote, by image: the change it wrote, its files, their size. */
	private final Cache<ImageKey, Written> written;

	private volatile boolean failing;

	ImageFiles(ServingProperties properties, CurrentImages current, MeterRegistry meters) {
		this.current = current;
		this.images = (properties.filesDirectory() != null) ? properties.filesDirectory().resolve("images") : null;
		this.written = Caffeine.newBuilder()
			.maximumWeight(Math.max(1, properties.filesMaxSize().toBytes()))
			.weigher((ImageKey key, Written files) -> (int) Math.min(Integer.MAX_VALUE, files.bytes()))
			.expireAfterWrite(properties.metadataMaxAge())
			.scheduler(Scheduler.systemScheduler())
			.evictionListener((ImageKey key, Written files, RemovalCause cause) -> {
				if (key != null) {
					remove(key);
				}
			})
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.written, "serving.files");
		if (this.images != null) {
			start();
		}
	}

	private void start() {
		try {
			FileSystemUtils.deleteRecursively(this.images);
			Files.createDirectories(this.images);
			permit(this.images, FOLDER);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("SERVING_FILES_DIRECTORY: cannot write " + this.images, ex);
		}
		log.info("Writing the images answered as immutable to {} for the front", this.images);
	}

	/**
	 * Whether files are written at all.
	 * @return whether {@code SERVING_FILES_DIRECTORY} is set
	 */
	boolean enabled() {
		return this.images != null;
	}

	/**
	 * Write the bytes of a canonical versioned answer, unless this instance already wrote
	 * them; nothing when a newer change of the image is known.
	 * @param key the image
	 * @param changeSeq the change of the state that answered
	 * @param query the canonical query answered with {@code immutable}
	 * @param answer what answered it
	 * @param bytes the bytes sent
	 */
	void keep(ImageKey key, long changeSeq, ImageQuery query, CurrentImage.Answer answer, byte[] bytes) {
		if (this.images == null || !this.current.isFollowing() || this.current.announcedAfter(key, changeSeq)) {
			return;
		}
		if (has(key, changeSeq, query)) {
			return;
		}
		String name = fileName(query);
		Path folder = folder(key);
		this.written.asMap().compute(key, (k, old) -> {
			if (old != null && old.changeSeq() > changeSeq) {
				return old;
			}
			if (old != null && old.changeSeq() < changeSeq) {
				remove(k);
				old = null;
			}
			if (!write(folder, name, bytes, answer.metadata().updatedAt())) {
				return old;
			}
			return (old != null) ? old.with(name, bytes.length) : new Written(changeSeq, Set.of(name), bytes.length);
		});
		// a change announced while the file was written: announce() may have come
		// before the file was counted as written
		if (this.current.announcedAfter(key, changeSeq)) {
			announce(key, Long.MAX_VALUE);
		}
	}

	/**
	 * Tell whether this instance wrote the file of a canonical versioned query for this
	 * state, and it is still there.
	 * @param key the image
	 * @param changeSeq the change of the state
	 * @param query the query
	 * @return whether the front can send it
	 */
	boolean has(ImageKey key, long changeSeq, ImageQuery query) {
		Written kept = this.written.getIfPresent(key);
		String name = fileName(query);
		return kept != null && kept.changeSeq() == changeSeq && kept.names().contains(name)
				&& Files.exists(folder(key).resolve(name));
	}

	/**
	 * Learn that an image changed with this number: the files written for an earlier
	 * change are removed.
	 * @param key the image
	 * @param changeSeq the number of the change
	 */
	void announce(ImageKey key, long changeSeq) {
		this.written.asMap().computeIfPresent(key, (k, files) -> {
			if (files.changeSeq() >= changeSeq) {
				return files;
			}
			remove(k);
			return null;
		});
	}

	/**
	 * The file a canonical versioned query is answered from.
	 * @param query {@code v}, and {@code w} for a rendition
	 * @return such as {@code 0123456789abcdef.webp} or {@code 0123456789abcdef-w256.webp}
	 */
	static String fileName(ImageQuery query) {
		return query.v() + ((query.width() != null) ? "-w" + query.width() : "") + ".webp";
	}

	/**
	 * The folder of an image's files, below the directory.
	 * @param key the image
	 * @return its folder
	 */
	Path folder(ImageKey key) {
		return this.images.resolve(key.ownerType()).resolve(key.ownerId()).resolve(key.slot());
	}

	private boolean write(Path folder, String name, byte[] bytes, Instant lastModified) {
		for (int attempt = 1;; attempt++) {
			Path temporary = folder.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
			try {
				createFolders(folder);
				Files.write(temporary, bytes);
				permit(temporary, FILE);
				Files.setLastModifiedTime(temporary, FileTime.from(lastModified));
				Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE,
						StandardCopyOption.REPLACE_EXISTING);
				if (this.failing) {
					log.info("Writing image files to {} works again", this.images);
					this.failing = false;
				}
				return true;
			}
			catch (NoSuchFileException ex) {
				// another instance removed the folder between its creation and the write
				if (attempt < 3) {
					continue;
				}
				return failed(folder, ex);
			}
			catch (IOException ex) {
				deleteQuietly(temporary);
				return failed(folder, ex);
			}
		}
	}

	private boolean failed(Path folder, IOException ex) {
		if (!this.failing) {
			log.warn("Could not write an image file in {}; the front asks serving-api for it instead: {}", folder,
					ex.toString());
			this.failing = true;
		}
		return false;
	}

	private void createFolders(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		Files.createDirectories(folder);
		for (Path each = folder; each != null && !each.equals(this.images); each = each.getParent()) {
			permit(each, FOLDER);
		}
	}

	/** Remove an image's folder and what is in it; another instance may be writing. */
	private void remove(ImageKey key) {
		Path folder = folder(key);
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
			for (Path file : files) {
				deleteQuietly(file);
			}
		}
		catch (NoSuchFileException ex) {
			return;
		}
		catch (IOException ex) {
			log.warn("Could not remove the image files of {}: {}", key, ex.toString());
			return;
		}
		try {
			Files.deleteIfExists(folder);
		}
		catch (DirectoryNotEmptyException ex) {
			// another instance wrote a file of the new state meanwhile: it stays
		}
		catch (IOException ex) {
			log.warn("Could not remove the image folder of {}: {}", key, ex.toString());
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Could not remove {}: {}", file, ex.toString());
		}
	}

	private static void permit(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	/**
	 * The files this instance wrote for one change of an image.
	 *
	 * @param changeSeq the change
	 * @param names the files' names
	 * @param bytes their total size
	 */
	record Written(long changeSeq, Set<String> names, long bytes) {

		Written with(String name, long size) {
			if (this.names.contains(name)) {
				return this;
			}
			Set<String> all = new HashSet<>(this.names);
			all.add(name);
			return new Written(this.changeSeq, Set.copyOf(all), this.bytes + size);
		}

	}

}
