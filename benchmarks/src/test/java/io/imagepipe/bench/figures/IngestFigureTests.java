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

}
