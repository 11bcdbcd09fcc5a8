package io.imagepipe.ingest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/**
 * Declares the bearer token in the OpenAPI document ({@code /api/v1/openapi.json}), so
 * that the API docs show which operations need one and let a reader try them with a
 * token.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "imagepipe ingest API", version = "v1",
		description = "Uploads need a bearer JWT that may write the image (docs/security.md); "
				+ "statuses and events need none."))
@SecurityScheme(name = OpenApiSecurity.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class OpenApiSecurity {

	/** The name of the bearer scheme, for {@code @SecurityRequirement}. */
	public static final String BEARER = "bearer";

}
