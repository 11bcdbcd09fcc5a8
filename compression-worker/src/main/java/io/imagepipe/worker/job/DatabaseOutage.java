package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Stops taking jobs while the database is away, and resumes when it answers again. Jobs
 * in hand go back to the queue: none is failed for an outage that is not its fault.
 */
@Component
class DatabaseOutage implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	private final RabbitListenerEndpointRegistry listeners;

	private final JdbcClient jdbc;

	private final AtomicBoolean paused = new AtomicBoolean();

	private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "database-outage-probe");
		thread.setDaemon(true);
		return thread;
	});

	DatabaseOutage(RabbitListenerEndpointRegistry listeners, JdbcClient jdbc) {
		this.listeners = listeners;
		this.jdbc = jdbc;
	}

	/**
	 * Tell whether a failure means the database cannot be reached.
	 * @param error the failure
	 * @return whether it is a connectivity failure
	 */
	static boolean isOutage(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
			if (cause instanceof java.sql.SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
			// a rollback on a dead connection fails too, and hides the failure that
			// caused it
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& isOutage(rollback.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception) and 57P01 to 57P03 (the server shut down,
	 * crashed, or cannot connect now).
	 */
	private static boolean isConnectionState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P0"));
	}

	/**
	 * Stop consuming until the database answers. Safe to call from a listener thread: the
	 * listeners are stopped from another thread.
	 */
	void pause() {
		if (this.paused.compareAndSet(false, true)) {
			log.warn("Database unreachable: stopping job consumers until it answers again");
			this.probe.execute(this.listeners::stop);
			this.probe.schedule(this::probeDatabase, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	boolean isPaused() {
		return this.paused.get();
	}

	/**
	 * Tell whether the database answers now, although a statement just failed for want of
	 * a connection: after the server ended connections (a restart, a failover, an
	 * administrator), the pool discovers each dead connection only when it is used, so a
	 * few tries may meet one more before a live or new one answers.
	 * @return whether {@code SELECT 1} succeeded within three tries
	 */
	boolean answers() {
		if (this.paused.get()) {
			return false;
		}
		for (int i = 0; i < 3; i++) {
			try {
				this.jdbc.sql("SELECT 1").query(Integer.class).single();
				return true;
			}
			catch (RuntimeException ex) {
				if (!isOutage(ex)) {
					return false;
				}
			}
		}
		return false;
	}

	private void probeDatabase() {
		try {
			this.jdbc.sql("SELECT 1").query(Integer.class).single();
			log.info("Database answers again: resuming job consumers");
			this.listeners.start();
			this.paused.set(false);
		}
		catch (RuntimeException ex) {
			this.probe.schedule(this::probeDatabase, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void destroy() {
		this.probe.shutdownNow();
	}

}
