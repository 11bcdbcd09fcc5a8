package io.imagepipe.serving.image;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imagepipe.contract.ImageKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;

/**
 * The current metadata of the images served most, in memory, by image: a warm answer (200
 * or 304, on the stable URL or on the current {@code v}) runs no query at all. Bounded by
 * {@code SERVING_METADATA_ENTRIES}, least recently and least frequently used out first
 * (Caffeine's W-TinyLFU), and read again after {@code SERVING_METADATA_MAX_AGE} whatever
 * happened. Metrics: {@code cache_*{cache="serving.metadata"}}.
 * <p>
 * An entry is dropped as soon as a change of its image with a higher number
 * ({@code change_seq}) is announced, by a message after the writer's commit or by the
 * poll of {@link ImageChangeFeed}. The highest number announced for an image is kept for
 * a while ({@value #ANNOUNCEMENTS_KEPT_MINUTES} minutes): a row read with a lower one
 * comes from a replica that has not replayed that change yet, and it answers the request
 * but is never kept, so a lagging replica never puts an old state back in memory.
 * <p>
 * Nothing is kept until the feed follows the changes ({@link #follow()}): an entry read
 * before it could miss a change the feed's starting point already counts as seen.
 */
@Component
class CurrentImages {

	static final int ANNOUNCEMENTS_KEPT_MINUTES = 10;

	private final Images images;

	private final Cache<ImageKey, CurrentImage> entries;

	private final Cache<ImageKey, Long> announced;

	private volatile boolean following;

	CurrentImages(Images images, ServingProperties properties, MeterRegistry meters) {
		this.images = images;
		this.entries = Caffeine.newBuilder()
			.maximumSize(properties.metadataEntries())
			.expireAfterWrite(properties.metadataMaxAge())
			.recordStats()
			.build();
		this.announced = Caffeine.newBuilder()
			.maximumSize(Math.max(1000, properties.metadataEntries()))
			.expireAfterWrite(Duration.ofMinutes(ANNOUNCEMENTS_KEPT_MINUTES))
			.build();
		CaffeineCacheMetrics.monitor(meters, this.entries, "serving.metadata");
	}

	/**
	 * The current state of an image: from memory when kept, else read (one statement).
	 * @param key the image
	 * @return its state
	 * @throws ImageNotFound when it has none
	 */
	CurrentImage find(ImageKey key) {
		CurrentImage kept = this.entries.getIfPresent(key);
		return (kept != null) ? kept : read(key);
	}

	/**
	 * Read the state of an image again, for a query whose {@code v} the kept state does
	 * not know: a newer version that was not announced yet, or an old one, remembered as
	 * such when the database confirms the kept state.
	 * @param key the image
	 * @param kept the state kept in memory
	 * @param query the query
	 * @return the state read
	 * @throws ImageNotFound when it has none
	 */
	CurrentImage readFor(ImageKey key, CurrentImage kept, ImageQuery query) {
		CurrentImage read = read(key);
		if (read.changeSeq() == kept.changeSeq() && query.canonical() && !read.knows(query)) {
			CurrentImage knowing = kept.knowingNotCurrent(query);
			this.entries.asMap().replace(key, kept, knowing);
			return knowing;
		}
		return read;
	}

	/**
	 * Forget an image's state, when its bytes were read and proved to be newer.
	 * @param key the image
	 */
	void forget(ImageKey key) {
		this.entries.invalidate(key);
	}

	/**
	 * Learn that an image changed with this number: a kept state with a lower one is
	 * dropped.
	 * @param key the image
	 * @param changeSeq the number of the change
	 */
	void announce(ImageKey key, long changeSeq) {
		this.announced.asMap().merge(key, changeSeq, Math::max);
		this.entries.asMap().computeIfPresent(key, (k, entry) -> (entry.changeSeq() < changeSeq) ? null : entry);
	}

	/**
	 * Start keeping states: the feed follows the changes from now on.
	 */
	void follow() {
		this.following = true;
	}

	/**
	 * Stop keeping states, and drop every one kept.
	 */
	void unfollow() {
		this.following = false;
		this.entries.invalidateAll();
	}

	boolean isFollowing() {
		return this.following;
	}

	private CurrentImage read(ImageKey key) {
		Optional<CurrentImage> found = this.images.findCurrent(key);
		if (found.isEmpty()) {
			this.entries.invalidate(key);
			throw ImageNotFound.missing();
		}
		CurrentImage read = found.get();
		if (this.following && !announcedAfter(key, read)) {
			this.entries.asMap().merge(key, read, (old, fresh) -> (fresh.changeSeq() >= old.changeSeq()) ? fresh : old);
			// an announcement that came while the row was read: announce() either saw
			// the entry and dropped it, or came before it was kept and is seen here
			if (announcedAfter(key, read)) {
				this.entries.asMap().remove(key, read);
			}
		}
		return read;
	}

	private boolean announcedAfter(ImageKey key, CurrentImage read) {
		return announcedAfter(key, read.changeSeq());
	}

	/**
	 * Tell whether a change of an image with a higher number than this one was announced
	 * (in the last {@value #ANNOUNCEMENTS_KEPT_MINUTES} minutes).
	 * @param key the image
	 * @param changeSeq the number of a state
	 * @return whether that state is known to be old
	 */
	boolean announcedAfter(ImageKey key, long changeSeq) {
		Long announcedSeq = this.announced.getIfPresent(key);
		return announcedSeq != null && announcedSeq > changeSeq;
	}

}
