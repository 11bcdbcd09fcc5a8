package io.imagepipe.contract;

import java.util.Locale;

/**
 * The life of an upload, as stored in the {@code uploads.status} column.
 */
public enum UploadStatus {

	/** Stored and waiting for a worker. */
	QUEUED,

	/** A worker has claimed it. */
	PROCESSING,

	/** Its WebP is written; it is served unless a newer upload replaced it. */
	DONE,

	/** It cannot be processed; {@code last_error} says why. */
	FAILED,

	/** A newer upload for the same image finished first, so this one is not served. */
	SUPERSEDED,

	/**
	 * Its image was deleted (or its owner erased) after it was uploaded: its raw bytes
	 * are gone and it is never served.
	 */
	DELETED;

	/**
	 * The value stored in the database and shown in the API.
	 * @return the lower-case name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Read a stored value.
	 * @param value the lower-case name
	 * @return the status
	 */
	public static UploadStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/**
	 * Tell whether nothing more will happen to an upload in this status.
	 * @return whether the status is final
	 */
	public boolean isTerminal() {
		return this == DONE || this == FAILED || this == SUPERSEDED || this == DELETED;
	}

}
