package io.imagepipe.ingest;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.imagepipe.ingest.upload.UploadProperties;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Access to the ops dashboard: {@code /ops/**} and {@code /api/v1/ops/**} need a user
 * with the OPS role, given with HTTP Basic (stateless, so any ingest replica answers),
 * and their POSTs need the CSRF token, which the page reads from the {@code XSRF-TOKEN}
 * cookie and sends back as {@code X-XSRF-TOKEN}. The user is {@code spring.security.user}
 * ({@code OPS_USERNAME}, {@code OPS_PASSWORD}) until the security issue brings real
 * identities.
 *
 * <p>
 * Nothing else is touched: the upload API, the status API, the pages and the actuator
 * match no security filter chain, so they stay open, without CSRF, as before (ADR 0007).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfig {

	private static final String PROBLEM_PREFIX = "urn:imagepipe:problem:";

	@Bean
	SecurityFilterChain opsSecurity(HttpSecurity http, UploadProperties uploads, JsonMapper json) {
		http.securityMatcher("/ops", "/ops/**", "/api/v1/ops/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPS"))
			.httpBasic((basic) -> basic.realmName("imagepipe ops")
				.authenticationEntryPoint((request, response, ex) -> problem(json, response, HttpStatus.UNAUTHORIZED,
						"unauthorized", "Sign in as an ops user to use the ops dashboard.")))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(
					(request, response, ex) -> problem(json, response, HttpStatus.FORBIDDEN, "forbidden",
							"This needs the ops role, and a POST needs the CSRF token of the dashboard page.")))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.spa())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(pagePolicy(uploads.publicImageBaseUrl()))));
		return http.build();
	}

	/**
	 * Spring Security's firewall sees every request, also those no chain secures. An
	 * encoded slash must still reach the upload API, which answers it with its own
	 * {@code invalid-owner-id} problem; everything else the firewall refuses gets a 400
	 * problem too.
	 */
	@Bean
	WebSecurityCustomizer encodedSlashesReachTheUploadApi() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowUrlEncodedPercent(true);
		return (web) -> web.httpFirewall(firewall);
	}

	@Bean
	RequestRejectedHandler rejectedRequestsAnswerAProblem(JsonMapper json) {
		return (request, response, ex) -> problem(json, response, HttpStatus.BAD_REQUEST, "malformed-request",
				"The request URL is malformed.");
	}

	/**
	 * The page loads its own script and style only, talks only to its own origin, and
	 * shows previews (its own) and served images (from serving-api).
	 */
	private static String pagePolicy(URI publicImageBaseUrl) {
		String serving = publicImageBaseUrl.getScheme() + "://" + publicImageBaseUrl.getRawAuthority();
		return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: "
				+ serving + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
	}

	private static void problem(JsonMapper json, HttpServletResponse response, HttpStatus status, String type,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", PROBLEM_PREFIX + type);
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"imagepipe ops\", charset=\"UTF-8\"");
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json.writeValueAsString(problem));
	}

}
