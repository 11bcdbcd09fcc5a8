package io.imagepipe.serving.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;

/**
 * The bytes of the images served most, in memory, keyed by their SHA-256: bytes under a
 * hash never change, so an entry is never stale, and a new upload (a new hash) is read
 * from the database on its first request. Bounded by {@code SERVING_CACHE_SIZE} in bytes,
 * least recently and least frequently used out first (Caffeine's W-TinyLFU). Only bytes
 * that passed the WebP check are kept. Metrics: {@code cache_*{cache="serving.images"}}.
 */
@Component
class HotImages {

	private final Cache<String, byte[]> bytes;

	HotImages(ServingProperties properties, MeterRegistry meters) {
		long size = properties.cacheSize().toBytes();
		this.bytes = Caffeine.newBuilder()
			.maximumWeight(size)
			.weigher((String hash, byte[] value) -> value.length)
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.bytes, "serving.images");
	}

	/**
	 * The bytes with this hash, if they are kept.
	 * @param sha256 the hash the metadata names
	 * @return the bytes, or {@code null}
	 */
	byte[] get(String sha256) {
		return this.bytes.getIfPresent(sha256);
	}

	/**
	 * Keep bytes that were just read and checked.
	 * @param sha256 their stored hash
	 * @param webp the bytes
	 */
	void keep(String sha256, byte[] webp) {
		this.bytes.put(sha256, webp);
	}

}
