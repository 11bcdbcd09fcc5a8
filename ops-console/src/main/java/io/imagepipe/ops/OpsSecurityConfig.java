package io.imagepipe.ops;

import java.net.URI;
import java.util.Map;

import io.imagepipe.web.Problems;
import io.imagepipe.web.security.BearerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may use the console. The dashboard ({@code /ops/**}) and its API
 * ({@code /api/v1/ops/**}) need the ops role: a bearer token with it, checked as
 * ingest-api checks tokens ({@link BearerTokens}, the same {@code imagepipe.auth}
 * settings), or the ops user with HTTP Basic ({@code OPS_USERNAME}, {@code OPS_PASSWORD})
 * for a browser. A POST with Basic also needs the CSRF token the page reads from the
 * {@code XSRF-TOKEN} cookie (ADR 0007); a bearer token is not sent by browsers on their
 * own, so it needs none. Everything else this process serves is a 404. Every refusal is a
 * problem: 401 with a {@code WWW-Authenticate} challenge, or 403.
 */
@Configuration(proxyBeanMethods = false)
class OpsSecurityConfig {

	private static final Logger log = LoggerFactory.getLogger(OpsSecurityConfig.class);

	/** The authority of the ops role. */
	static final String OPS = "ROLE_OPS";

	private static final String BASIC_CHALLENGE = "Basic realm=\"imagepipe ops\", charset=\"UTF-8\"";

	@Bean
	SecurityFilterChain opsSecurity(HttpSecurity http, UploadSettings uploads, JwtAuthenticationConverter tokens) {
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
				.authenticationEntryPoint(BearerTokens.challenge())
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(basic).accessDeniedHandler(forbidden))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.spa()
				.ignoringRequestMatchers(BearerTokens::hasBearerToken)
				// stateless: every request signs in again, and replacing the token each
				// time would make a POST race the dashboard's polling GETs for the cookie
				.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(pagePolicy(uploads.publicImageBaseUrl()))));
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(OpsAuthProperties properties) {
		return BearerTokens.decoder(properties.tokens());
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter(OpsAuthProperties properties) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(
				(jwt) -> BearerTokens.authorities(jwt, properties.rolesClaim(), Map.of(properties.opsRole(), OPS)));
		converter.setPrincipalClaimName(JwtClaimNames.SUB);
		return converter;
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
	 * Spring Security's firewall sees every request; what it refuses gets a 400 problem.
	 */
	@Bean
	WebSecurityCustomizer strictFirewall() {
		return (web) -> web.httpFirewall(new StrictHttpFirewall());
	}

	@Bean
	RequestRejectedHandler rejectedRequestsAnswerAProblem() {
		return (request, response, ex) -> Problems.write(response, HttpStatus.BAD_REQUEST, "malformed-request",
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

}
