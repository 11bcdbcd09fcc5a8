package io.imagepipe.bench.env;

/**
 * Sleeping that turns an interrupt into an exception, for the waits of a run.
 */
public final class Sleep {

	private Sleep() {
	}

	/**
	 * Sleep.
	 * @param millis how long
	 */
	public static void millis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
