package io.imagepipe.bench.figures;

/**
 * One line of the results table.
 *
 * @param figure the figure's number and name, such as {@code 1 serving}
 * @param measure what was measured, such as {@code requests/s, 200, 32 connections}
 * @param value the project's figure
 * @param anchor the anchor's figure in the same run, or {@code —}
 * @param ratio value ÷ anchor, as the target states it, or {@code —}
 * @param target what the issue asks for
 * @param verdict whether the target is met
 */
public record Row(String figure, String measure, String value, String anchor, String ratio, String target,
		Verdict verdict) {

	/**
	 * A row that only informs, with no target of its own.
	 * @param figure the figure
	 * @param measure what was measured
	 * @param value the figure
	 * @param anchor the anchor's figure, or {@code —}
	 * @return the row
	 */
	public static Row info(String figure, String measure, String value, String anchor) {
		return new Row(figure, measure, value, anchor, "—", "—", Verdict.INFO);
	}

	/**
	 * Whether a target is met.
	 */
	public enum Verdict {

		/** At or past the target. */
		MEETS("meets"),

		/** Short of the target. */
		BELOW("BELOW"),

		/** Produced in the short mode, where speed is not judged. */
		PRODUCED("produced (short mode)"),

		/** Context for the other rows. */
		INFO("info");

		private final String text;

		Verdict(String text) {
			this.text = text;
		}

		/**
		 * The verdict for a comparison, or {@link #PRODUCED} in the short mode.
		 * @param met whether the target is met
		 * @param judged whether speed is judged in this run
		 * @return the verdict
		 */
		public static Verdict of(boolean met, boolean judged) {
			if (!judged) {
				return PRODUCED;
			}
			return met ? MEETS : BELOW;
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
