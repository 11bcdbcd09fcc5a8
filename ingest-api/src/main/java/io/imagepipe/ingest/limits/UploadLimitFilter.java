package io.imagepipe.ingest.limits;

import java.io.IOException;
import java.time.Duration;

import io.imagepipe.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link UploadLimits} to uploads after their caller is authorised and before
 * their body is read: 429 with {@code Retry-After} when the subject or the address is
 * over its rate, 429 {@code too-many-in-progress} when the subject already has as many
 * uploads in progress as it may (callers with the service role are neither rate limited
 * nor counted per subject), 503 with {@code Retry-After} when this instance already reads
 * as many uploads as it may.
 */
public class UploadLimitFilter extends OncePerRequestFilter {

	private final RequestMatcher uploads;

	private final UploadLimits limits;

	private final String exempt;

	/**
	 * The filter of a security chain.
	 * @param uploads the requests that are uploads
	 * @param limits the limits
	 * @param exempt the authority of the callers that are neither rate limited nor
	 * counted per subject: the service role's
	 */
	public UploadLimitFilter(RequestMatcher uploads, UploadLimits limits, String exempt) {
		this.uploads = uploads;
		this.limits = limits;
		this.exempt = exempt;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.uploads.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String counted = null;
		if (!isService(caller)) {
			Duration wait = this.limits.take(caller.getName(), request.getRemoteAddr());
			if (!wait.isZero()) {
				response.setHeader(HttpHeaders.RETRY_AFTER, seconds(wait));
				Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
						"Too many uploads. Try again after " + seconds(wait) + " s.");
				return;
			}
			if (!this.limits.enter(caller.getName())) {
				response.setHeader(HttpHeaders.RETRY_AFTER, "1");
				Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-in-progress",
						"Too many of your uploads are in progress. Try again when one is done.");
				return;
			}
			counted = caller.getName();
		}
		try {
			readWithinTheBulkhead(request, response, chain);
		}
		finally {
			if (counted != null) {
				this.limits.leave(counted);
			}
		}
	}

	private void readWithinTheBulkhead(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean entered;
		try {
			entered = this.limits.takePlace();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			entered = false;
		}
		if (!entered) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "too-busy",
					"The service is taking as many uploads as it can. Try again in a moment.");
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.limits.leavePlace();
		}
	}

	private boolean isService(Authentication caller) {
		return AuthorityUtils.authorityListToSet(caller.getAuthorities()).contains(this.exempt);
	}

	private static String seconds(Duration wait) {
		return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
	}

}
