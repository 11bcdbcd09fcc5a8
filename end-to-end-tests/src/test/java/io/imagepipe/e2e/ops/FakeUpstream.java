package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a service behind nginx, for the routes whose service does not exist yet
 * (the events stream, the ops dashboard) and to see what nginx sends on: it names itself
 * in an {@code X-Upstream} header, echoes the {@code Authorization} and
 * {@code X-Forwarded-For} it got as {@code X-Upstream-Authorization} and
 * {@code X-Upstream-Forwarded-For}, and on a path ending in {@code /events} it streams
 * two server-sent events a few seconds apart, as a live upload's progress would.
 */
final class FakeUpstream implements AutoCloseable {

	static final long EVENT_GAP_MILLIS = 3000;

	private final HttpServer server;

	FakeUpstream(String name) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().add("X-Upstream", name);
			exchange.getResponseHeaders().add("X-Upstream-Path", exchange.getRequestURI().toString());
			echo(exchange, "Authorization", "X-Upstream-Authorization");
			echo(exchange, "X-Forwarded-For", "X-Upstream-Forwarded-For");
			exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
			if (exchange.getRequestURI().getPath().endsWith("/events")) {
				exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
				exchange.sendResponseHeaders(200, 0);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write("event: status\ndata: {\"status\":\"processing\"}\n\n".getBytes(StandardCharsets.UTF_8));
					body.flush();
					sleep(EVENT_GAP_MILLIS);
					body.write("event: status\ndata: {\"status\":\"done\"}\n\n".getBytes(StandardCharsets.UTF_8));
				}
				return;
			}
			byte[] answer = (name + "\n").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(answer);
			}
		});
		this.server.start();
	}

	private static void echo(HttpExchange exchange, String header, String as) {
		String value = exchange.getRequestHeaders().getFirst(header);
		if (value != null) {
			exchange.getResponseHeaders().add(as, value);
		}
	}

	String address() {
		return "127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
