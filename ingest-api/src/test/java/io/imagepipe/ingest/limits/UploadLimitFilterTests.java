package io.imagepipe.ingest.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.imagepipe.ingest.auth.Caller;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload limit filter without a server, for what an HTTP test cannot arrange.
 */
class UploadLimitFilterTests {

	private final UploadLimits limits = new UploadLimits(
			new LimitProperties(new LimitProperties.Rate(20, Duration.ofMinutes(1)),
					new LimitProperties.Rate(60, Duration.ofMinutes(1)), 3),
			BulkheadRegistry
				.of(BulkheadConfig.custom().maxConcurrentCalls(16).maxWaitDuration(Duration.ofSeconds(2)).build()),
			new SimpleMeterRegistry());

	private final UploadLimitFilter filter = new UploadLimitFilter((request) -> true, this.limits, Caller.SERVICE);

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
		Thread.interrupted();
	}

	@Test
	void anUploadInterruptedWhileWaitingForAPlaceIsAnsweredTooBusyNotAnEmptyOk() throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(new TestingAuthenticationToken("backend", null, Caller.SERVICE));
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/images/users/42/profile");
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean stored = new AtomicBoolean();
		Thread.currentThread().interrupt();
		this.filter.doFilter(request, response, (req, res) -> stored.set(true));
		assertThat(Thread.interrupted()).as("the interruption is kept").isTrue();
		assertThat(stored).isFalse();
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"type\":\"urn:imagepipe:problem:too-busy\"");
	}

}
