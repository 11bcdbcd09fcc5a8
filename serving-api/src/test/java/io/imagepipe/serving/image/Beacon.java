package io.imagepipe.serving.image;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP server on 127.0.0.1 that script payloads report to: it records every
 * request under {@code /hit/} and {@code /nav/}, so a payload that ran leaves a trace. It
 * also serves control pages, {@code /control/{name}}, with no protective header at all,
 * to show that the same browser does run the same payloads when nothing stops them.
 */
final class Beacon implements AutoCloseable {

	private final HttpServer server;

	private final Queue<String> hits = new ConcurrentLinkedQueue<>();

	private final Map<String, byte[]> controls = new ConcurrentHashMap<>();

	private Beacon(HttpServer server) {
		this.server = server;
	}

	static Beacon start() throws IOException {
		Beacon beacon = new Beacon(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
		beacon.server.createContext("/", beacon::answer);
		beacon.server.start();
		return beacon;
	}

	/**
	 * An HTML page whose scripts, were they to run, report to this beacon under a token
	 * in three ways: an inline script's fetch, an event handler's fetch, and a top-level
	 * navigation.
	 * @param token what the reports are filed under
	 * @return the page
	 */
	String payload(String token) {
		String base = "http://127.0.0.1:" + port();
		return "<!doctype html><html><body><h1>payload " + token + "</h1>" + "<img src=x onerror=\"fetch('" + base
				+ "/hit/" + token + "/onerror')\">" + "<script>fetch('" + base + "/hit/" + token + "/script')</script>"
				+ "<script>setTimeout(function () { location = '" + base + "/nav/" + token + "' }, 200)</script>"
				+ "</body></html>";
	}

	/**
	 * Serve bytes as {@code text/html} at {@code /control/{name}}, without any protective
	 * header.
	 * @return the URL
	 */
	String control(String name, byte[] bytes) {
		this.controls.put(name, bytes);
		return "http://127.0.0.1:" + port() + "/control/" + name;
	}

	/**
	 * The reports filed under a token so far.
	 * @return their paths, such as {@code /hit/abc/script}
	 */
	List<String> hits(String token) {
		return this.hits.stream()
			.filter((path) -> path.startsWith("/hit/" + token + "/") || path.equals("/nav/" + token))
			.toList();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void answer(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		if (path.startsWith("/hit/") || path.startsWith("/nav/")) {
			this.hits.add(path);
		}
		byte[] control = path.startsWith("/control/") ? this.controls.get(path.substring("/control/".length())) : null;
		byte[] body = (control != null) ? control
				: "<!doctype html><title>beacon</title>".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.sendResponseHeaders((control != null || !path.startsWith("/control/")) ? 200 : 404, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
