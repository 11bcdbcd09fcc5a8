package io.imagepipe.ingest.upload;

import java.util.concurrent.atomic.AtomicLong;

import io.imagepipe.contract.ImageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps what is stored within its caps: the raw bytes one owner holds, and the size of
 * the whole database. The owner's sum is read inside the upload's transaction, under a
 * transaction-scoped advisory lock on the owner, so that concurrent uploads of one owner
 * cannot pass the cap together. The database size is {@code pg_database_size}, read at
 * most every {@code imagepipe.upload.storage.sample-interval}.
 */
@Component
class StorageQuota {

	private static final Logger log = LoggerFactory.getLogger(StorageQuota.class);

	private final JdbcClient jdbc;

	private final StorageProperties properties;

	private final AtomicLong databaseSize = new AtomicLong(-1);

	private volatile long sampledAt;

	StorageQuota(JdbcClient jdbc, StorageProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Check that an upload fits the caps; call it inside the transaction that stores it.
	 * @param key the image it is for
	 * @param size its size in bytes, as it will be stored
	 * @throws UploadRejected when it does not fit
	 */
	void check(ImageKey key, long size) {
		long maxDatabase = this.properties.maxDatabaseSize().toBytes();
		if (databaseSize() + size > maxDatabase) {
			log.warn("Upload refused: the database holds {} bytes, its cap is {}", databaseSize(), maxDatabase);
			throw UploadRejected.storageFull(this.properties.retryAfter());
		}
		String owner = key.ownerType() + "/" + key.ownerId();
		this.jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:owner, 19))) AS locked")
			.param("owner", owner)
			.query(Integer.class)
			.single();
		long held = this.jdbc.sql("""
				SELECT coalesce(sum(byte_size), 0) FROM uploads
				WHERE owner_type = :ownerType AND owner_id = :ownerId AND raw_bytes IS NOT NULL
				""").param("ownerType", key.ownerType()).param("ownerId", key.ownerId()).query(Long.class).single();
		long maxOwner = this.properties.maxBytesPerOwner().toBytes();
		if (held + size > maxOwner) {
			throw UploadRejected.ownerStorageFull(owner, maxOwner);
		}
	}

	private long databaseSize() {
		long now = System.nanoTime();
		if (this.databaseSize.get() < 0 || now - this.sampledAt > this.properties.sampleInterval().toNanos()) {
			this.databaseSize
				.set(this.jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).single());
			this.sampledAt = now;
		}
		return this.databaseSize.get();
	}

}
