package io.imagepipe.bench.env;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuMeterTests {

	@Test
	void theCpuOfAChildThatEndedDuringTheMeasurementCountsUnderItsParent() throws Exception {
		// a parent there from start to stop, whose child spins for about half a second
		// and ends in between, as PostgreSQL's backend of a connection opened and closed
		Process parent = new ProcessBuilder("bash", "-c",
				"read go; timeout 0.5 bash -c 'while :; do :; done'; echo spun; read end")
			.redirectErrorStream(true)
			.start();
		try {
			CpuMeter meter = CpuMeter.start(Map.of(parent.pid(), "the parent"));
			parent.getOutputStream().write("go\n".getBytes());
			parent.getOutputStream().flush();
			assertThat(new String(parent.getInputStream().readNBytes(5))).isEqualTo("spun\n");
			String used = meter.stop();
			Matcher seconds = Pattern.compile("the parent (\\d+\\.\\d) s").matcher(used);
			assertThat(seconds.find()).as(used).isTrue();
			assertThat(Double.parseDouble(seconds.group(1))).as(used).isGreaterThanOrEqualTo(0.3);
		}
		finally {
			parent.destroyForcibly().waitFor();
		}
	}

}
