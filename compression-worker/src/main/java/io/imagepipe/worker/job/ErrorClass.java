package io.imagepipe.worker.job;

/**
 * The classes of failure, as stored in {@code uploads.error_class}.
 */
final class ErrorClass {

	/** The image can never be processed: corrupt, unsupported or over the limits. */
	static final String UNPROCESSABLE = "unprocessable";

	/** The database, the broker or I/O failed more times than the retry limit. */
	static final String TRANSIENT = "transient";

	/** Workers kept stopping mid-job until the broker's delivery limit parked it. */
	static final String WORKER_CRASH = "worker-crash";

	private ErrorClass() {
	}

}
