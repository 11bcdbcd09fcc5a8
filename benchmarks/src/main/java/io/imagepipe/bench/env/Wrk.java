package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's wrk as the load client of figures 1 and 3: a fixed number of connections on
 * loopback, each sending its next request as soon as the previous answer arrived.
 */
public final class Wrk {

	private static final Pattern P95 = Pattern.compile("^p95-latency-us (\\d+)\\s*$", Pattern.MULTILINE);

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

	private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private Wrk() {
	}

	/**
	 * Run wrk with {@code --latency}.
	 * @param url the URL
	 * @param connections the connections, all open for the whole run
	 * @param duration how long
	 * @param script a Lua script for the requests, or {@code null} for plain GETs
	 * @param headers request headers
	 * @return what wrk measured
	 */
	public static Result run(String url, int connections, Duration duration, Path script, Map<String, String> headers) {
		int threads = Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
		List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-t" + threads, "-c" + connections,
				"-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "30s"));
		headers.forEach((name, value) -> {
			command.add("-H");
			command.add(name + ": " + value);
		});
		if (script != null) {
			command.add("-s");
			command.add(script.toString());
		}
		command.add(url);
		return parse(Commands.run(duration.plusSeconds(60), command));
	}

	/**
	 * The requests each wrk thread builds once and sends in turn: for a 2 MB body, the
	 * thread holds 128 MB. Twice the 16 connections a thread has at 32 clients, so that
	 * one path is never in two requests at once (an upload would wait for the other's
	 * lock on its owner).
	 */
	static final int REQUESTS_PER_THREAD = 64;

	/**
	 * Write a Lua script that POSTs a file to a path. When the path contains {@code {n}}
	 * ({@code /api/v1/images/users/b{n}/profile}), each wrk thread sends
	 * {@value #REQUESTS_PER_THREAD} requests in turn, each to a path of its own:
	 * {@code {n}} becomes a token of this run of wrk (8 hex digits, so that the images of
	 * one run are not those of an earlier one), the thread's number and the request's:
	 * {@code 5f0c9e2a-1-1} to {@code 5f0c9e2a-1-64}. The requests are built once, on the
	 * thread's first request: building a 2 MB request anew for every request (wrk.format
	 * copies the body into a new Lua string, which wrk copies again) cost wrk 1.4 ms of
	 * CPU per upload, on the cores the measured services share (docs/performance.md).
	 * @param folder where to write the script
	 * @param body the file to send
	 * @param contentType its media type
	 * @param path the request path
	 * @param headers more request headers, such as {@code Authorization}; in the script
	 * rather than on wrk's command line, which other processes can read
	 * @return the script
	 */
	public static Path postScript(Path folder, Path body, String contentType, String path,
			Map<String, String> headers) {
		StringBuilder more = new StringBuilder();
		headers.forEach((name, value) -> more.append("wrk.headers[\"")
			.append(lua(name))
			.append("\"] = \"")
			.append(lua(value))
			.append("\"\n"));
		String lua = """
				local f = assert(io.open("%s", "rb"))
				wrk.method = "POST"
				wrk.body = f:read("*a")
				f:close()
				wrk.headers["Content-Type"] = "%s"
				%slocal threads = 0
				local token = nil
				function setup(thread)
				  if token == nil then
				    local uuid = assert(io.open("/proc/sys/kernel/random/uuid", "r"))
				    token = string.sub(uuid:read("*l"), 1, 8)
				    uuid:close()
				  end
				  threads = threads + 1
				  thread:set("id", threads)
				  thread:set("run", token)
				end
				local requests = nil
				local n = 0
				function request()
				  if requests == nil then
				    requests = {}
				    for i = 1, %d do
				      local p = string.gsub("%s", "{n}", run .. "-" .. tostring(id) .. "-" .. tostring(i))
				      requests[i] = wrk.format(nil, p)
				    end
				  end
				  n = n %% #requests + 1
				  return requests[n]
				end
				function done(summary, latency, requests)
				  io.write(string.format("p95-latency-us %%d\\n", latency:percentile(95)))
				end
				""".formatted(body, contentType, more, path.contains("{n}") ? REQUESTS_PER_THREAD : 1, path);
		try {
			Files.createDirectories(folder);
			Path script = folder.resolve("post-" + body.getFileName() + ".lua");
			Files.writeString(script, lua);
			return script;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A value inside a double-quoted Lua string.
	 */
	private static String lua(String value) {
		if (value.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			throw new IllegalArgumentException("A header with a control character");
		}
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	static Result parse(String output) {
		double rate = number(RATE, output);
		long requests = (long) number(TOTAL, output);
		Matcher errors = ERRORS.matcher(output);
		long failed = errors.find() ? Long.parseLong(errors.group(1)) : 0;
		Matcher socket = SOCKET_ERRORS.matcher(output);
		if (socket.find()) {
			for (int i = 1; i <= 4; i++) {
				failed += Long.parseLong(socket.group(i));
			}
		}
		Matcher p95 = P95.matcher(output);
		double p95Millis = p95.find() ? Double.parseDouble(p95.group(1)) / 1000 : Double.NaN;
		return new Result(rate, requests, failed, latency("50%", output), p95Millis, latency("99%", output), output);
	}

	private static double number(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("wrk printed no " + pattern + ":\n" + output);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static double latency(String percentile, String output) {
		Matcher matcher = Pattern
			.compile("^\\s+" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
			.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("wrk printed no " + percentile + " latency:\n" + output);
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			case "m" -> value * 60_000;
			default -> value;
		};
	}

	/**
	 * What wrk measured.
	 *
	 * @param perSecond requests per second
	 * @param requests requests completed
	 * @param failed answers of 400 or more, and socket errors
	 * @param p50Millis median latency
	 * @param p95Millis 95th percentile latency, printed by the {@code done} hook of a
	 * {@link #postScript post script}; {@code NaN} without one
	 * @param p99Millis 99th percentile latency
	 * @param output what wrk printed
	 */
	public record Result(double perSecond, long requests, long failed, double p50Millis, double p95Millis,
			double p99Millis, String output) {
	}

}
