package io.imagepipe.bench.figures;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTests {

	@Test
	void takesPercentilesByTheNearestRank() {
		List<Double> samples = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0);
		assertThat(Numbers.percentile(samples, 50)).isEqualTo(5.0);
		assertThat(Numbers.percentile(samples, 99)).isEqualTo(10.0);
		assertThat(Numbers.percentile(samples, 10)).isEqualTo(1.0);
	}

	@Test
	void hasNoPercentileWithoutSamples() {
		assertThat(Numbers.percentile(List.of(), 50)).isNaN();
	}

	@Test
	void judgesOnlyWhenTheRunIsJudged() {
		assertThat(Row.Verdict.of(false, true)).isEqualTo(Row.Verdict.BELOW);
		assertThat(Row.Verdict.of(true, true)).isEqualTo(Row.Verdict.MEETS);
		assertThat(Row.Verdict.of(false, false)).isEqualTo(Row.Verdict.PRODUCED);
	}

}
