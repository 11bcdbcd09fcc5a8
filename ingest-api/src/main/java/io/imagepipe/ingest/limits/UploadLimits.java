package io.imagepipe.ingest.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The upload limits of this instance: a bucket4j token bucket per subject and per client
 * address, and the resilience4j bulkhead {@code uploads} on the uploads in progress
 * (configured in YAML, its state in {@code resilience4j_bulkhead_*} metrics). Buckets
 * live in memory, in Caffeine caches bounded in size and dropped when idle, so each
 * ingest replica counts on its own: with n replicas behind a balancer a client gets at
 * most n times the rate.
 */
@Component
public class UploadLimits {

	private static final int MAX_TRACKED = 100_000;

	private final LimitProperties properties;

	private final Cache<String, Bucket> subjects;

	private final Cache<String, Bucket> addresses;

	private final Bulkhead inProgress;

	private final Map<String, Integer> inProgressBySubject = new ConcurrentHashMap<>();

	UploadLimits(LimitProperties properties, BulkheadRegistry bulkheads, MeterRegistry meters) {
		this.properties = properties;
		this.subjects = buckets(properties.perSubject());
		this.addresses = buckets(properties.perAddress());
		this.inProgress = bulkheads.bulkhead("uploads");
		meters.gauge("imagepipe.uploads.in.progress", this.inProgress,
				(bulkhead) -> bulkhead.getMetrics().getMaxAllowedConcurrentCalls()
						- bulkhead.getMetrics().getAvailableConcurrentCalls());
	}

	/**
	 * Take one upload from the subject's and the address's allowance.
	 * @param subject the token's subject
	 * @param address the client's address
	 * @return {@link Duration#ZERO} when allowed, else how long until the next upload is
	 */
	Duration take(String subject, String address) {
		Bucket addressBucket = bucket(this.addresses, "address", address, this.properties.perAddress());
		Duration addressWait = take(addressBucket);
		if (!addressWait.isZero()) {
			return addressWait;
		}
		Duration subjectWait = take(bucket(this.subjects, "subject", subject, this.properties.perSubject()));
		if (!subjectWait.isZero()) {
			// a refused upload is not one of the address's: a subject over its rate must
			// not use up the allowance of the others behind the same address
			addressBucket.addTokens(1);
		}
		return subjectWait;
	}

	/**
	 * Wait a moment for a place among the uploads in progress.
	 * @return whether a place was taken; if so, {@link #leavePlace()} must follow
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean takePlace() throws InterruptedException {
		boolean taken = this.inProgress.tryAcquirePermission();
		// the bulkhead answers false when interrupted while waiting, and keeps the flag
		if (!taken && Thread.interrupted()) {
			throw new InterruptedException("interrupted while waiting for a place among the uploads in progress");
		}
		return taken;
	}

	void leavePlace() {
		this.inProgress.onComplete();
	}

	/**
	 * Count one more upload in progress for a subject, unless it already has as many as
	 * it may.
	 * @param subject the token's subject
	 * @return whether it was counted; if so, {@link #leave(String)} must follow
	 */
	boolean enter(String subject) {
		boolean[] entered = { false };
		this.inProgressBySubject.compute(subject, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.properties.maxConcurrentPerSubject()) {
				return count;
			}
			entered[0] = true;
			return current + 1;
		});
		return entered[0];
	}

	void leave(String subject) {
		this.inProgressBySubject.computeIfPresent(subject, (key, count) -> (count > 1) ? count - 1 : null);
	}

	private static Bucket bucket(Cache<String, Bucket> buckets, String kind, String key, LimitProperties.Rate rate) {
		return buckets.get(kind + ':' + key, (ignored) -> Bucket.builder()
			.addLimit(
					Bandwidth.builder().capacity(rate.capacity()).refillGreedy(rate.capacity(), rate.period()).build())
			.build());
	}

	private static Duration take(Bucket bucket) {
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	private static Cache<String, Bucket> buckets(LimitProperties.Rate rate) {
		return Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(rate.period().multipliedBy(2)).build();
	}

}
