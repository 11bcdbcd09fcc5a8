package io.imagepipe.ingest.auth;

import java.io.IOException;
import java.net.URI;

import io.imagepipe.ingest.limits.UploadLimitFilter;
import io.imagepipe.ingest.limits.UploadLimits;
import io.imagepipe.ingest.upload.UploadProperties;
import io.imagepipe.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
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
 * <li>The ops dashboard ({@code /ops/**}, {@code /api/v1/ops/**}) needs the ops role: a
 * bearer token with it, or the ops user with HTTP Basic ({@code OPS_USERNAME},
 * {@code OPS_PASSWORD}) for a browser. A POST with Basic also needs the CSRF token the
 * page reads from the {@code XSRF-TOKEN} cookie (ADR 0007); a bearer token is not sent by
 * browsers on their own, so it needs none.</li>
 * <li>Everything else (pages, the widget script, health and metrics) matches no chain and
 * is open.</li>
 * </ul>
 * Every refusal is a problem: 401 with a {@code WWW-Authenticate} challenge, or 403.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfig {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

	static final String UPLOAD_PATH = "/api/v1/images/{ownerType}/{ownerId}/{slot}";

	private static final String BASIC_CHALLENGE = "Basic realm=\"imagepipe ops\", charset=\"UTF-8\"";

	@Bean
	@Order(1)
	SecurityFilterChain opsSecurity(HttpSecurity http, UploadProperties uploads, JwtAuthenticationConverter tokens) {
		AuthenticationEntryPoint basic = (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE);
			Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
					"Sign in as an ops user, or send a bearer token with the ops role.");
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> Problems.write(response, HttpStatus.FORBIDDEN,
				"forbidden", "This needs the ops role, and a POST signed in with a password needs the CSRF token "
						+ "of the dashboard page.");
		http.securityMatcher("/ops", "/ops/**", "/api/v1/ops/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPS"))
			.httpBasic((httpBasic) -> httpBasic.realmName("imagepipe ops").authenticationEntryPoint(basic))
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(tokens))
				.authenticationEntryPoint(bearerEntryPoint())
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(basic).accessDeniedHandler(forbidden))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.spa()
				.ignoringRequestMatchers(SecurityConfig::hasBearerToken)
				// stateless: every request signs in again, and replacing the token each
				// time
				// would make a POST race the dashboard's polling GETs for the cookie
				.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(pagePolicy(uploads.publicImageBaseUrl()))));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties properties, JwtAuthenticationConverter tokens,
			UploadLimits limits) {
		RequestMatcher upload = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, UPLOAD_PATH);
		RequestMatcher delete = PathPatternRequestMatcher.pathPattern(HttpMethod.DELETE, UPLOAD_PATH);
		AuthenticationEntryPoint bearer = bearerEntryPoint();
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
	 * The ops user for HTTP Basic, from {@code spring.security.user}. Without
	 * {@code OPS_PASSWORD} a random one is made and logged, which suits only a local run;
	 * ops staff can use bearer tokens with the ops role instead.
	 */
	@Bean
	UserDetailsService opsUser(SecurityProperties security) {
		SecurityProperties.User user = security.getUser();
		if (user.isPasswordGenerated()) {
			log.warn("No OPS_PASSWORD is set; the ops user '{}' has the generated password {}", user.getName(),
					user.getPassword());
		}
		return new InMemoryUserDetailsManager(User.withUsername(user.getName())
			.password("{noop}" + user.getPassword())
			.roles(user.getRoles().toArray(String[]::new))
			.build());
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

	/**
	 * 401 for a missing, expired or forged token, with an RFC 6750 challenge. The detail
	 * says which of the three, never what the token library said.
	 */
	private static AuthenticationEntryPoint bearerEntryPoint() {
		return (request, response, ex) -> bearerChallenge(response, ex);
	}

	private static void bearerChallenge(HttpServletResponse response, AuthenticationException ex) throws IOException {
		if (!isTokenFailure(ex)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"imagepipe\"");
			Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
					"This needs a bearer token in the Authorization header.");
			return;
		}
		String detail = isOutOfDate(ex) ? JwtConfig.OUT_OF_DATE.getDescription()
				: "The bearer token is not valid: its signature, issuer, audience or claims do not check out.";
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer realm=\"imagepipe\", error=\"invalid_token\", error_description=\"" + detail + "\"");
		Problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-token", detail);
	}

	/** Whether authentication failed on a token rather than for want of one. */
	private static boolean isTokenFailure(AuthenticationException ex) {
		return ex instanceof OAuth2AuthenticationException;
	}

	private static boolean isOutOfDate(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid
					&& invalid.getErrors().contains(JwtConfig.OUT_OF_DATE)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasBearerToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
	}

	/**
	 * The page loads its own script and style only, talks only to its own origin, and
	 * shows previews (its own) and served images (from serving-api).
	 */
	private static String pagePolicy(URI publicImageBaseUrl) {
		String serving = publicImageBaseUrl.getScheme() + "://" + publicImageBaseUrl.getRawAuthority();
		return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' " + serving
				+ "; img-src 'self' data: " + serving + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
	}

}
