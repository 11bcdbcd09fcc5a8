package io.imagepipe.ingest.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client for the tests, reading events as a browser's EventSource
 * does: an event is the {@code event:} and {@code data:} lines up to a blank line.
 */
final class EventStream implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Marks the end of the stream in the queue. */
	private static final Event END = new Event("", null);

	private final HttpResponse<Stream<String>> response;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private EventStream(HttpResponse<Stream<String>> response) {
		this.response = response;
		Thread.ofVirtual().start(this::read);
	}

	static EventStream open(URI url) throws IOException, InterruptedException {
		return new EventStream(http.send(HttpRequest.newBuilder(url).header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofLines()));
	}

	int status() {
		return this.response.statusCode();
	}

	HttpHeaders headers() {
		return this.response.headers();
	}

	/**
	 * The next event.
	 * @param atMost how long to wait for it
	 * @return it, or {@code null} when the stream ended first
	 * @throws AssertionError when none came in time
	 */
	Event next(Duration atMost) throws InterruptedException {
		Event event = this.events.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
		if (event == null) {
			throw new AssertionError("no event within " + atMost);
		}
		return (event == END) ? null : event;
	}

	/**
	 * Wait for a while and tell whether no event (nor the end) came in that time.
	 * @param duration how long to wait
	 * @return whether the stream stayed quiet
	 */
	boolean quietFor(Duration duration) throws InterruptedException {
		return this.events.poll(duration.toMillis(), TimeUnit.MILLISECONDS) == null;
	}

	private void read() {
		String name = "message";
		StringBuilder data = new StringBuilder();
		try (Stream<String> lines = this.response.body()) {
			for (String line : (Iterable<String>) lines::iterator) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						this.events.add(new Event(name, json.readTree(data.toString())));
					}
					name = "message";
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).strip());
				}
			}
		}
		catch (RuntimeException ex) {
			// closed by the test
		}
		this.events.add(END);
	}

	@Override
	public void close() {
		this.response.body().close();
	}

	/**
	 * One event.
	 *
	 * @param name its name
	 * @param data its JSON data
	 */
	record Event(String name, JsonNode data) {
	}

}
