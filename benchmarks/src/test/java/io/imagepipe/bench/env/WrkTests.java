package io.imagepipe.bench.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WrkTests {

	private static final String OUTPUT = """
			Running 15s test @ http://127.0.0.1:41234/image.webp
			  2 threads and 32 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency     1.10ms  512.00us  20.00ms   90.00%
			    Req/Sec    14.50k     1.20k   16.00k    70.00%
			  Latency Distribution
			     50%  850.00us
			     75%    1.20ms
			     90%    1.80ms
			     99%    1.02s
			  433000 requests in 15.00s, 42.00GB read
			  Socket errors: connect 0, read 2, write 0, timeout 1
			  Non-2xx or 3xx responses: 4
			Requests/sec:  28866.67
			Transfer/sec:      2.80GB
			""";

	@Test
	void readsTheRateAndThePercentilesInMilliseconds() {
		Wrk.Result result = Wrk.parse(OUTPUT);
		assertThat(result.perSecond()).isEqualTo(28866.67);
		assertThat(result.requests()).isEqualTo(433000);
		assertThat(result.p50Millis()).isCloseTo(0.85, within(1e-9));
		assertThat(result.p99Millis()).isCloseTo(1020, within(1e-9));
	}

	@Test
	void readsThe95thPercentileThePostScriptPrintsAndNothingWithoutIt() {
		assertThat(Wrk.parse(OUTPUT).p95Millis()).isNaN();
		assertThat(Wrk.parse(OUTPUT + "p95-latency-us 31250\n").p95Millis()).isCloseTo(31.25, within(1e-9));
	}

	@Test
	void thePostScriptPrintsThe95thPercentileWhenWrkIsDone(@TempDir Path folder) throws Exception {
		Path body = Files.writeString(folder.resolve("body.jpg"), "x");
		String lua = Files.readString(Wrk.postScript(folder, body, "image/jpeg", "/p", Map.of()));
		assertThat(lua).contains("function done(summary, latency, requests)",
				"string.format(\"p95-latency-us %d\\n\", latency:percentile(95))");
	}

	@Test
	void countsErrorAnswersAndSocketErrorsAsFailed() {
		assertThat(Wrk.parse(OUTPUT).failed()).isEqualTo(7);
	}

	@Test
	void thePostScriptCarriesTheGivenHeadersSuchAsTheBearerToken(@TempDir Path folder) throws Exception {
		Path body = Files.writeString(folder.resolve("photo.jpg"), "jpeg");

		Path script = Wrk.postScript(folder, body, "image/jpeg", "/api/v1/images/users/b{n}/profile",
				Map.of("Authorization", "Bearer eyJ.e30.sig"));

		assertThat(Files.readString(script)).contains("wrk.headers[\"Authorization\"] = \"Bearer eyJ.e30.sig\"\n")
			.contains("wrk.headers[\"Content-Type\"] = \"image/jpeg\"");
	}

	@Test
	void aHeaderValueCannotBreakOutOfTheScriptsString(@TempDir Path folder) throws Exception {
		Path body = Files.writeString(folder.resolve("photo.jpg"), "jpeg");

		Path script = Wrk.postScript(folder, body, "image/jpeg", "/upload", Map.of("X-Note", "a \" b \\"));

		assertThat(Files.readString(script)).contains("wrk.headers[\"X-Note\"] = \"a \\\" b \\\\\"");
	}

	@Test
	void countsNothingFailedWhenWrkReportsNoErrors() {
		String clean = OUTPUT.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", "");
		assertThat(Wrk.parse(clean).failed()).isZero();
	}

}
