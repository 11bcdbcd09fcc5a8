package io.imagepipe.bench.env;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

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
	void eachThreadSendsItsRequestsInTurnEachToAPathOfItsOwnWithTheWholeBody(@TempDir Path folder) throws Exception {
		byte[] bytes = new byte[100_000];
		Arrays.fill(bytes, (byte) 0x5a);
		Path body = Files.write(folder.resolve("photo.jpg"), bytes);
		Path script = Wrk.postScript(folder, body, "image/jpeg", "/images/b{n}/profile", Map.of());
		List<String> paths = Collections.synchronizedList(new ArrayList<>());
		List<String> wrongBodies = Collections.synchronizedList(new ArrayList<>());
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] received = exchange.getRequestBody().readAllBytes();
			paths.add(exchange.getRequestURI().getPath());
			if (!Arrays.equals(received, bytes)
					|| !"image/jpeg".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
				wrongBodies.add(exchange.getRequestURI().getPath());
			}
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		server.start();
		List<String> firstRun;
		try {
			String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
			assertThat(Wrk.run(url, 1, Duration.ofSeconds(1), script, Map.of()).failed()).isZero();
			firstRun = List.copyOf(paths);
			paths.clear();
			assertThat(Wrk.run(url, 1, Duration.ofSeconds(1), script, Map.of()).failed()).isZero();
		}
		finally {
			server.stop(0);
		}
		Pattern token = Pattern.compile("/images/b([0-9a-f]{8})-.*");
		Matcher first = token.matcher(firstRun.get(0));
		Matcher second = token.matcher(paths.get(0));
		assertThat(first.matches() && second.matches()).as(firstRun.get(0) + " " + paths.get(0)).isTrue();
		assertThat(second.group(1)).as("each run of wrk uploads to images of its own").isNotEqualTo(first.group(1));
		// one connection, so one thread: its requests arrive in the order it sent them;
		// wrk asks the script for one request before the run (to check it), so the turn
		// may start at any of them
		assertThat(paths).hasSizeGreaterThan(Wrk.REQUESTS_PER_THREAD + 1);
		assertThat(wrongBodies).isEmpty();
		Pattern path = Pattern.compile("/images/b" + second.group(1) + "-1-(\\d+)/profile");
		List<Integer> numbers = paths.stream().map((p) -> {
			Matcher matcher = path.matcher(p);
			assertThat(matcher.matches()).as(p).isTrue();
			return Integer.parseInt(matcher.group(1));
		}).toList();
		for (int i = 1; i < numbers.size(); i++) {
			assertThat(numbers.get(i)).as("request %d", i).isEqualTo(numbers.get(i - 1) % Wrk.REQUESTS_PER_THREAD + 1);
		}
		assertThat(numbers).containsAll(IntStream.rangeClosed(1, Wrk.REQUESTS_PER_THREAD).boxed().toList());
	}

	@Test
	void withoutAPlaceForTheNumberEveryRequestGoesToTheSamePath(@TempDir Path folder) throws Exception {
		Path body = Files.writeString(folder.resolve("photo.jpg"), "jpeg");

		String lua = Files.readString(Wrk.postScript(folder, body, "image/jpeg", "/upload", Map.of()));

		assertThat(lua).contains("for i = 1, 1 do");
	}

	@Test
	void countsNothingFailedWhenWrkReportsNoErrors() {
		String clean = OUTPUT.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", "");
		assertThat(Wrk.parse(clean).failed()).isZero();
	}

}
