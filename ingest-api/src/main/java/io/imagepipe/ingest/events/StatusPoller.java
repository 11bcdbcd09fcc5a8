package io.imagepipe.ingest.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the states of all watched uploads, in one query per batch of
 * {@code imagepipe.events.batch-size}, every {@code imagepipe.events.poll-interval}, and
 * offers each stream the event of a state it has not had yet. Nothing is read while no
 * stream is open. A database outage only delays events: the streams stay open and catch
 * up once it is back.
 * <p>
 * When an image changes (compression-worker committed its new bytes, or it was deleted),
 * {@link ImageChangeListener} hears it within milliseconds, and the streams of that image
 * are read at once: {@code ready}, {@code superseded} and {@code deleted} reach the
 * browser without waiting for the next poll. The poll stays, for the other events and for
 * a change whose message was lost.
 */
@Component
class StatusPoller {

	private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);

	private final UploadStreams streams;

	private final UploadStates states;

	private final UploadEvents events;

	private final EventsProperties properties;

	StatusPoller(UploadStreams streams, UploadStates states, UploadEvents events, EventsProperties properties) {
		this.streams = streams;
		this.states = states;
		this.events = events;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${imagepipe.events.poll-interval:150ms}")
	void poll() {
		poll(this.streams.all());
	}

	/**
	 * Read the states of the streams of one image at once, after it changed.
	 * @param key the image
	 */
	void changed(ImageKey key) {
		poll(this.streams.all().stream().filter((stream) -> key.equals(stream.key())).toList());
	}

	private synchronized void poll(List<UploadStream> open) {
		if (open.isEmpty()) {
			return;
		}
		try {
			Map<UUID, UploadState> current = read(open.stream().map(UploadStream::uploadId).distinct().toList());
			Map<UUID, UploadEvent> made = new HashMap<>();
			for (UploadStream stream : open) {
				UploadState state = current.get(stream.uploadId());
				if (state != null && stream.lacks(state.status())) {
					stream.offer(made.computeIfAbsent(state.id(), (id) -> this.events.eventFor(state)));
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Cannot read upload states for {} event streams: {}", open.size(), ex.toString());
		}
	}

	private Map<UUID, UploadState> read(List<UUID> ids) {
		Map<UUID, UploadState> current = new HashMap<>();
		int batch = this.properties.batchSize();
		for (int from = 0; from < ids.size(); from += batch) {
			this.states.findAll(ids.subList(from, Math.min(ids.size(), from + batch)))
				.forEach((state) -> current.put(state.id(), state));
		}
		return current;
	}

}
