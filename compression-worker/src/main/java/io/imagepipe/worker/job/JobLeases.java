package io.imagepipe.worker.job;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.imagepipe.contract.upload.UploadTransitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the lease of the jobs this worker is working on alive: every
 * {@link JobLimits#heartbeat()} it moves {@code uploads.lease_until} forward while the
 * job is {@code processing}. A worker that dies stops the heartbeat, so its lease runs
 * out and the job can be claimed again.
 */
@Component
class JobLeases implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(JobLeases.class);

	private final UploadTransitions transitions;

	private final JobLimits limits;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "job-lease-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	JobLeases(UploadTransitions transitions, JobLimits limits) {
		this.transitions = transitions;
		this.limits = limits;
	}

	/**
	 * Keep a claimed job's lease alive until the returned hold is closed.
	 * @param uploadId the claimed upload
	 * @return the hold
	 */
	Held hold(UUID uploadId) {
		Held held = new Held(uploadId);
		long period = this.limits.heartbeat().toMillis();
		held.future = this.heartbeats.scheduleAtFixedRate(held::extend, period, period, TimeUnit.MILLISECONDS);
		return held;
	}

	@Override
	public void destroy() {
		this.heartbeats.shutdownNow();
	}

	/**
	 * A job whose lease is being extended.
	 */
	final class Held implements AutoCloseable {

		private final UUID uploadId;

		private volatile ScheduledFuture<?> future;

		private boolean closed;

		private Held(UUID uploadId) {
			this.uploadId = uploadId;
		}

		private synchronized void extend() {
			if (this.closed) {
				return;
			}
			try {
				JobLeases.this.transitions.extendLease(this.uploadId, JobLeases.this.limits.lease());
			}
			catch (RuntimeException ex) {
				log.warn("Cannot extend the lease of job {}: {}", this.uploadId, ex.toString());
			}
		}

		/**
		 * Stop extending the lease; a heartbeat running now finishes first.
		 */
		@Override
		public synchronized void close() {
			this.closed = true;
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
