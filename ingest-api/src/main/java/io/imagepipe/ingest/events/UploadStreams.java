package io.imagepipe.ingest.events;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.imagepipe.contract.ImageKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams open in this instance. They hold no database connection: the
 * {@link StatusPoller} reads the states of all of them together.
 */
@Component
class UploadStreams {

	private final Set<UploadStream> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();

	private final EventsProperties properties;

	private final ApplicationContext context;

	UploadStreams(EventsProperties properties, MeterRegistry meters, ApplicationContext context) {
		this.properties = properties;
		this.context = context;
		Gauge.builder("imagepipe.upload.event.streams", this.open, Set::size)
			.description("Upload event streams open in this instance")
			.register(meters);
	}

	/**
	 * Open a stream of an upload and send its current state at once. A stream whose first
	 * event is final ends after it.
	 * @param uploadId the upload
	 * @param key the image it is an upload of
	 * @param first the event of its current state
	 * @return the stream's emitter
	 * @throws TooManyStreams when this instance has as many streams open as it takes
	 */
	SseEmitter open(UUID uploadId, ImageKey key, UploadEvent first) {
		if (!first.isLast() && this.open.size() >= this.properties.maxStreams()) {
			throw new TooManyStreams();
		}
		UploadStream stream = new UploadStream(uploadId, key, new SseEmitter(this.properties.timeout().toMillis()),
				this.sender, this.open::remove);
		// offered before the poller can see it, so that the poller only ever offers newer
		// states
		stream.offer(first);
		if (!first.isLast()) {
			this.open.add(stream);
			if (stream.isClosed()) {
				this.open.remove(stream);
			}
		}
		return stream.emitter();
	}

	/**
	 * A snapshot of the open streams.
	 * @return them
	 */
	List<UploadStream> all() {
		return List.copyOf(this.open);
	}

	@Scheduled(fixedDelayString = "${imagepipe.events.heartbeat:15s}")
	void heartbeat() {
		this.open.forEach(UploadStream::heartbeat);
	}

	/**
	 * End every stream when this application closes, before the web server's graceful
	 * shutdown waits for open requests: browsers reconnect to another instance, or poll.
	 * @param event the closing of this or of a child context
	 */
	@EventListener
	void endAll(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		all().forEach(UploadStream::end);
		this.sender.shutdown();
	}

	/**
	 * This instance has as many event streams open as it takes.
	 */
	static final class TooManyStreams extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TooManyStreams() {
			super("too many upload event streams");
		}

	}

}
