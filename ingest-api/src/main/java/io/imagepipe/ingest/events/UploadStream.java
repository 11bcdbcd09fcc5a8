package io.imagepipe.ingest.events;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.UploadStatus;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One browser's open event stream of one upload. Events and heartbeats are written on the
 * sender executor (virtual threads), one at a time, so a slow client never holds up the
 * poller or other streams; only the newest pending state is written, so a stream never
 * goes backwards. The stream ends after a final event, and is dropped as soon as a write
 * fails or the container reports the client gone.
 */
final class UploadStream {

	private final UUID uploadId;

	private final ImageKey key;

	private final SseEmitter emitter;

	private final Executor sender;

	private final Consumer<UploadStream> onClose;

	private final AtomicReference<UploadEvent> pending = new AtomicReference<>();

	private volatile UploadStatus offered;

	private volatile boolean closed;

	UploadStream(UUID uploadId, ImageKey key, SseEmitter emitter, Executor sender, Consumer<UploadStream> onClose) {
		this.uploadId = uploadId;
		this.key = key;
		this.emitter = emitter;
		this.sender = sender;
		this.onClose = onClose;
		emitter.onCompletion(this::close);
		emitter.onError((error) -> close());
		emitter.onTimeout(() -> {
			close();
			emitter.complete();
		});
	}

	UUID uploadId() {
		return this.uploadId;
	}

	ImageKey key() {
		return this.key;
	}

	SseEmitter emitter() {
		return this.emitter;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Tell whether this stream has not been offered an upload in this state yet.
	 * @param status the upload's current status
	 * @return whether an event has to be offered
	 */
	boolean lacks(UploadStatus status) {
		return !this.closed && status != this.offered;
	}

	/**
	 * Write an event soon, unless a newer one replaces it first.
	 * @param event the event
	 */
	void offer(UploadEvent event) {
		this.offered = event.status();
		this.pending.set(event);
		this.sender.execute(this::flush);
	}

	/**
	 * Write a comment soon, which keeps proxies from closing an idle stream and finds
	 * closed clients.
	 */
	void heartbeat() {
		this.sender.execute(this::writeHeartbeat);
	}

	/**
	 * End the stream normally; the browser's EventSource reconnects.
	 */
	void end() {
		close();
		this.emitter.complete();
	}

	private synchronized void flush() {
		UploadEvent event = this.pending.getAndSet(null);
		if (event == null || this.closed) {
			return;
		}
		try {
			this.emitter.send(event.toSse());
			if (event.isLast()) {
				end();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone; the container completes the request
			close();
		}
	}

	private synchronized void writeHeartbeat() {
		if (this.closed) {
			return;
		}
		try {
			this.emitter.send(SseEmitter.event().comment("heartbeat"));
		}
		catch (IOException | IllegalStateException ex) {
			close();
		}
	}

	private void close() {
		if (!this.closed) {
			this.closed = true;
			this.onClose.accept(this);
		}
	}

}
