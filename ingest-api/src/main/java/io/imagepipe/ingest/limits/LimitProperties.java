package io.imagepipe.ingest.limits;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many uploads a caller may make. How many this instance reads at once is the
 * resilience4j bulkhead {@code uploads} ({@code resilience4j.bulkhead.instances.uploads}
 * in application.yml: {@code MAX_CONCURRENT_UPLOADS}, {@code UPLOAD_CONCURRENCY_WAIT}).
 *
 * @param perSubject uploads per token subject ({@code UPLOAD_RATE_PER_SUBJECT} per
 * {@code UPLOAD_RATE_PERIOD})
 * @param perAddress uploads per client address ({@code UPLOAD_RATE_PER_ADDRESS} per
 * {@code UPLOAD_RATE_PERIOD}); behind a proxy the address comes from
 * {@code X-Forwarded-For}, trusted only from the proxies Tomcat trusts
 * @param maxConcurrentPerSubject uploads one token subject may have in progress at once
 * on this instance ({@code MAX_CONCURRENT_UPLOADS_PER_SUBJECT}); more get 429, so that
 * one caller cannot hold every place (the service role is not counted)
 */
@Validated
@ConfigurationProperties("imagepipe.limits")
public record LimitProperties(@Valid @NotNull @DefaultValue( {
		"20", "1m" }) Rate perSubject, @Valid @NotNull @DefaultValue({ "60", "1m" }) Rate perAddress,
		@Positive @DefaultValue("3") int maxConcurrentPerSubject){

	/**
	 * A token bucket: {@code capacity} uploads at once, refilled evenly over
	 * {@code period}.
	 *
	 * @param capacity the burst, and the uploads per period
	 * @param period the time in which the whole capacity comes back
	 */
	public record Rate(@Positive long capacity, @NotNull Duration period) {

	}

}
