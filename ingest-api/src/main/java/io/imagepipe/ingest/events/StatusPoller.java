package io.imagepipe.ingest.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
		List<UploadStream> open = this.streams.all();
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
