package io.imagepipe.ingest.auth;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Decides an upload to, or a deletion of,
 * {@code /api/v1/images/{ownerType}/{ownerId}/{slot}} from the caller's token and the
 * path alone, before the body is read (see {@link Caller#mayWrite}).
 */
final class ImageWriteRule implements AuthorizationManager<RequestAuthorizationContext> {

	private final AuthProperties properties;

	ImageWriteRule(AuthProperties properties) {
		this.properties = properties;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
			return new AuthorizationDecision(false);
		}
		Caller caller = new Caller(token.getToken(), this.properties);
		return new AuthorizationDecision(
				caller.mayWrite(context.getVariables().get("ownerType"), context.getVariables().get("ownerId")));
	}

}
