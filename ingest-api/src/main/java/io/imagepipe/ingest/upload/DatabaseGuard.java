package io.imagepipe.ingest.upload;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Guards every database call of the API with a resilience4j circuit breaker. While the
 * database is away, requests fail at once with {@link DatabaseUnavailable} instead of
 * each waiting for a connection timeout, and the breaker lets a few calls through now and
 * then to notice its return.
 */
@Component
class DatabaseGuard {

	private final CircuitBreaker breaker;

	private final Duration openFor;

	DatabaseGuard(UploadProperties properties) {
		this.openFor = properties.databaseRetryAfter();
		this.breaker = CircuitBreaker.of("database",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(10)
					.minimumNumberOfCalls(2)
					.failureRateThreshold(50)
					.waitDurationInOpenState(this.openFor)
					.permittedNumberOfCallsInHalfOpenState(2)
					.recordExceptions(CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
							TransientDataAccessException.class, CannotCreateTransactionException.class)
					.build());
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
		catch (CallNotPermittedException | DataAccessResourceFailureException | TransientDataAccessException
				| CannotCreateTransactionException ex) {
			throw new DatabaseUnavailable(this.openFor, ex);
		}
	}

	CircuitBreaker.State state() {
		return this.breaker.getState();
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
