package io.imagepipe.ingest.auth;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.imagepipe.web.security.BearerTokens;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller a bearer token names: its subject, its roles and the organisations it
 * administers, read from the claims {@link AuthProperties} names. The ops role is read by
 * ops-console, which takes the same tokens.
 */
public final class Caller {

	/** The authority of the service role: writes any image. */
	public static final String SERVICE = "ROLE_SERVICE";

	static final String USERS = "users";

	static final String ORGANIZATIONS = "organizations";

	private final Jwt jwt;

	private final AuthProperties properties;

	Caller(Jwt jwt, AuthProperties properties) {
		this.jwt = jwt;
		this.properties = properties;
	}

	/** The user id the token speaks for: its subject, or the configured claim. */
	String userId() {
		Object id = claim(this.properties.userIdClaim());
		return (id instanceof String || id instanceof Number) ? id.toString() : null;
	}

	Set<String> roles() {
		return strings(claim(this.properties.rolesClaim()));
	}

	Set<String> administeredOrganizations() {
		return strings(claim(this.properties.orgAdminClaim()));
	}

	boolean isService() {
		return roles().contains(this.properties.serviceRole());
	}

	Collection<GrantedAuthority> authorities() {
		return BearerTokens.authorities(this.jwt, this.properties.rolesClaim(),
				Map.of(this.properties.serviceRole(), SERVICE));
	}

	/**
	 * Tell whether this caller may write an owner's images: a service may write any; a
	 * user only their own ({@code users/{sub}}, or the configured user id claim); an
	 * organisation's admin only that organisation's ({@code organizations/{id}} with the
	 * id in the admin claim).
	 * @param ownerType the owner type, such as {@code users}
	 * @param ownerId the owner id, as the request names it
	 * @return whether the write is allowed
	 */
	boolean mayWrite(String ownerType, String ownerId) {
		if (isService()) {
			return true;
		}
		if (ownerId == null || ownerId.isEmpty()) {
			return false;
		}
		return switch (ownerType) {
			case USERS -> ownerId.equals(userId());
			case ORGANIZATIONS -> administeredOrganizations().contains(ownerId);
			default -> false;
		};
	}

	private Object claim(String path) {
		return BearerTokens.claim(this.jwt, path);
	}

	private static Set<String> strings(Object claim) {
		return BearerTokens.strings(claim);
	}

}
