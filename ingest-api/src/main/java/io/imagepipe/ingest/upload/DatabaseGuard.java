package io.imagepipe.ingest.upload;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Guards every database call of the API with the resilience4j circuit breaker
 * {@code database}, configured in YAML
 * ({@code resilience4j.circuitbreaker.instances.database}) with {@link DatabaseOutage} as
 * what it counts, its state in {@code /actuator/health} and the
 * {@code resilience4j_circuitbreaker_*} metrics. While the database is away, requests
 * fail at once with {@link DatabaseUnavailable} instead of each waiting for a connection
 * timeout, and the breaker lets a few calls through now and then to notice its return.
 *
 * <p>
 * A request that waited too long for a pooled connection while the database is fine (the
 * pool is busy, not broken) is not an outage: it is answered 503 {@code too-busy} without
 * counting towards opening the breaker, so a burst of uploads cannot make every other
 * upload fail for the next seconds.
 */
@Component
class DatabaseGuard {

	private final CircuitBreaker breaker;

	private final Duration openFor;

	DatabaseGuard(CircuitBreakerRegistry breakers) {
		this.breaker = breakers.circuitBreaker("database");
		this.openFor = Duration
			.ofMillis(this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

	/**
	 * Run a database call through the breaker.
	 * @param <T> the result type
	 * @param call the call
	 * @return its result
	 * @throws DatabaseUnavailable when the breaker is open or the call could not reach
	 * the database
	 */
	<T> T call(Supplier<T> call) {
		try {
			return this.breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			throw new DatabaseUnavailable(this.openFor, ex);
		}
		catch (RuntimeException ex) {
			if (isPoolSaturated(ex)) {
				throw new DatabaseBusy(ex);
			}
			if (isUnavailable(ex)) {
				throw new DatabaseUnavailable(this.openFor, ex);
			}
			throw ex;
		}
	}

	/**
	 * Tell whether a failure means the database could not be reached or dropped the
	 * connection: Spring's resource and transient failures, a transaction that could not
	 * begin, or anywhere in the causes an SQLSTATE of class 08 (connection exception) or
	 * 57P01 to 57P03 (the server shut down or restarted).
	 */
	static boolean isUnavailable(Throwable error) {
		if (isPoolSaturated(error)) {
			return false;
		}
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
			// a rollback on a dead connection fails too, and hides the failure that
			// caused it
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& isUnavailable(rollback.getApplicationException())) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tell whether a failure is only a wait for a pooled connection that timed out while
	 * the database was reachable: Hikari's timeout carries the last connection failure as
	 * its cause and SQLSTATE when there was one, and neither when the pool was merely
	 * busy.
	 */
	static boolean isPoolSaturated(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException timeout) {
				return timeout.getCause() == null && timeout.getSQLState() == null;
			}
		}
		return false;
	}

	CircuitBreaker.State state() {
		return this.breaker.getState();
	}

	/**
	 * Every pooled connection stayed busy for the whole wait; the client should retry in
	 * a moment.
	 */
	static final class DatabaseBusy extends RuntimeException {

		private static final long serialVersionUID = 1L;

		DatabaseBusy(Throwable cause) {
			super("database connections busy", cause);
		}

	}

	/**
	 * The database cannot be reached; the client should retry after
	 * {@link #retryAfter()}.
	 */
	static final class DatabaseUnavailable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient Duration retryAfter;

		DatabaseUnavailable(Duration retryAfter, Throwable cause) {
			super("database unavailable", cause);
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
