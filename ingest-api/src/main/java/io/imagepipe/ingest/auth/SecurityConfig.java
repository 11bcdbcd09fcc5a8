package io.imagepipe.ingest.auth;

import io.imagepipe.ingest.limits.UploadLimitFilter;
import io.imagepipe.ingest.limits.UploadLimits;
import io.imagepipe.web.Problems;
import io.imagepipe.web.security.BearerTokens;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what.
 * <ul>
 * <li>The upload API ({@code /api/v1/**}) takes bearer JWTs (OAuth2 resource server, see
 * {@link JwtConfig}). An upload, and the deletion of an image, is decided by
 * {@link ImageWriteRule} from the token and the path, before the body is read; an upload
 * is then limited by {@link UploadLimitFilter}. Reads (status, events, API docs) need no
 * token: an upload's status is found only by its random id. Any other write needs the
 * service role. Stateless, no CSRF (no cookies), CORS from {@code CORS_ORIGINS}.</li>
 * <li>Everything else (pages, the widget script, health and metrics) matches no chain and
 * is open.</li>
 * </ul>
 * Every refusal is a problem: 401 with a {@code WWW-Authenticate} challenge, or 403.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfig {

	static final String UPLOAD_PATH = "/api/v1/images/{ownerType}/{ownerId}/{slot}";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties properties, JwtAuthenticationConverter tokens,
			UploadLimits limits) {
		RequestMatcher upload = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, UPLOAD_PATH);
		RequestMatcher delete = PathPatternRequestMatcher.pathPattern(HttpMethod.DELETE, UPLOAD_PATH);
		AuthenticationEntryPoint bearer = BearerTokens.challenge();
		AccessDeniedHandler forbidden = (request, response, ex) -> Problems.write(response, HttpStatus.FORBIDDEN,
				"forbidden", "This token may not write this image.");
		http.securityMatcher("/api/v1/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(upload, delete)
				.access(new ImageWriteRule(properties))
				.requestMatchers(HttpMethod.GET, "/api/v1/**")
				.permitAll()
				.requestMatchers(HttpMethod.HEAD, "/api/v1/**")
				.permitAll()
				.requestMatchers(HttpMethod.OPTIONS, "/api/v1/**")
				.permitAll()
				.anyRequest()
				.hasRole("SERVICE"))
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(tokens))
				.authenticationEntryPoint(bearer)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(bearer).accessDeniedHandler(forbidden))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			.cors(Customizer.withDefaults())
			.addFilterAfter(new UploadLimitFilter(upload, limits, Caller.SERVICE), AuthorizationFilter.class);
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
	RequestRejectedHandler rejectedRequestsAnswerAProblem() {
		return (request, response, ex) -> Problems.write(response, HttpStatus.BAD_REQUEST, "malformed-request",
				"The request URL is malformed.");
	}

}
