package io.imagepipe.bench.figures;

import java.util.List;

import io.imagepipe.bench.env.Wrk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestFigureTests {

	@Test
	void eachStatisticIsTheMedianOfItsOwnAcrossTheRuns() {
		Wrk.Result median = IngestFigure.median(List.of(new Wrk.Result(50, 750, 0, 20, 40, 90, ""),
				new Wrk.Result(60, 900, 1, 25, 30, 300, ""), new Wrk.Result(55, 825, 2, 15, 35, 60, "")));
		assertThat(median.perSecond()).isEqualTo(55);
		assertThat(median.p50Millis()).isEqualTo(20);
		assertThat(median.p95Millis()).isEqualTo(35);
		assertThat(median.p99Millis()).isEqualTo(90);
		assertThat(median.requests()).isEqualTo(2475);
		assertThat(median.failed()).isEqualTo(3);
	}

	@Test
	void eachRunsLineInTheNotesCarriesItsRateAndPercentiles() {
		assertThat(IngestFigure.measured(new Wrk.Result(85.34, 1300, 0, 19.2, 29.4, 129.0, "")))
			.isEqualTo("85.3/s, p50 / p95 / p99 19 ms / 29 ms / 129 ms");
	}

}
