package io.imagepipe.bench;

import java.util.ArrayList;
import java.util.List;

import io.imagepipe.bench.figures.Row;

/**
 * The results of a run as one Markdown table: figure, measure, value, anchor, ratio,
 * target, verdict.
 */
final class Table {

	private static final String[] HEADER = { "#", "measure", "imagepipe", "anchor", "ratio", "target", "verdict" };

	private final List<Row> rows = new ArrayList<>();

	void addAll(List<Row> more) {
		this.rows.addAll(more);
	}

	void add(Row row) {
		this.rows.add(row);
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	long below() {
		return this.rows.stream().filter((row) -> row.verdict() == Row.Verdict.BELOW).count();
	}

	String markdown() {
		List<String[]> lines = new ArrayList<>();
		lines.add(HEADER);
		for (Row row : this.rows) {
			lines.add(new String[] { row.figure(), row.measure(), row.value(), row.anchor(), row.ratio(), row.target(),
					row.verdict().toString() });
		}
		int[] widths = new int[HEADER.length];
		for (String[] line : lines) {
			for (int i = 0; i < line.length; i++) {
				widths[i] = Math.max(widths[i], line[i].length());
			}
		}
		StringBuilder out = new StringBuilder();
		for (int l = 0; l < lines.size(); l++) {
			append(out, lines.get(l), widths);
			if (l == 0) {
				String[] rule = new String[HEADER.length];
				for (int i = 0; i < rule.length; i++) {
					rule[i] = "-".repeat(widths[i]);
				}
				append(out, rule, widths);
			}
		}
		return out.toString();
	}

	private static void append(StringBuilder out, String[] cells, int[] widths) {
		out.append('|');
		for (int i = 0; i < cells.length; i++) {
			out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
		}
		out.append('\n');
	}

}
