package io.imagepipe.ingest.upload;

import java.util.function.Predicate;

/**
 * What the {@code database} circuit breaker counts as a failure (its
 * {@code record-failure-predicate} in application.yml): the database could not be reached
 * or dropped the connection. A pool that is only busy is not an outage.
 */
public final class DatabaseOutage implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable error) {
		return DatabaseGuard.isUnavailable(error);
	}

}
