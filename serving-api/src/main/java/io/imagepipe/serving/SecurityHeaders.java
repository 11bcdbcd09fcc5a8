package io.imagepipe.serving;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Adds the headers that keep browsers from treating any answer of this service, images,
 * 304s, JSON and problems alike, as something to sniff or to run. Set before anything
 * else runs, and again on the error dispatch to {@code /error}, so every answer of the
 * application carries them; {@code ProblemReportValve} sets them on the answers Tomcat
 * gives itself.
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff}: the declared type is final; a browser
 * never guesses HTML or script from the bytes.</li>
 * <li>{@code Content-Security-Policy: default-src 'none'; sandbox}: opened directly as a
 * document, an answer may load nothing and runs in a sandbox with a unique origin,
 * without scripts, forms, popups or top-level navigation, even were it ever taken for
 * HTML.</li>
 * <li>{@code Cross-Origin-Resource-Policy: same-origin} by default: no other origin may
 * load a problem or the metadata JSON as a no-cors subresource (CORP does not restrict
 * CORS requests, and serving-api answers none). The image answers alone replace it with
 * {@code cross-origin} (see {@code ImageResponses}): images are meant to be embedded by
 * other origins' pages, also pages that require CORP of everything they embed
 * ({@code Cross-Origin-Embedder-Policy: require-corp}). An {@code <img>} whose URL
 * answers a problem fails the same way whichever policy the problem carries.</li>
 * </ul>
 * Deliberately absent: {@code Cross-Origin-Opener-Policy} and {@code Referrer-Policy},
 * which only matter for documents that open windows or make requests, which nothing this
 * service answers can do under the policy above; {@code Strict-Transport-Security}, which
 * belongs to the TLS front (nginx or the CDN).
 * <p>
 * A plain servlet filter, registered first of all filters on the request dispatch and
 * also on the error dispatch: a container error (such as a refused method) reaches
 * {@code /error} without a request dispatch this filter saw. Setting the same three
 * headers again is harmless, so it needs none of the bookkeeping of a
 * {@code OncePerRequestFilter} (a request attribute set, read and removed on every
 * request; ADR 0014).
 */
@Component
class SecurityHeaders extends FilterRegistrationBean<Filter> {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

	static final String CROSS_ORIGIN_RESOURCE_POLICY = "same-origin";

	/**
	 * Set the headers every answer carries.
	 * @param response the answer, not yet committed
	 */
	static void applyTo(HttpServletResponse response) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("Cross-Origin-Resource-Policy", CROSS_ORIGIN_RESOURCE_POLICY);
	}

	SecurityHeaders() {
		super((request, response, chain) -> {
			applyTo((HttpServletResponse) response);
			chain.doFilter(request, response);
		});
		setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		setOrder(Ordered.HIGHEST_PRECEDENCE);
	}

}
