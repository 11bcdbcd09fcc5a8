package io.imagepipe.ops;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/**
 * Declares the bearer token in the ops API's OpenAPI document
 * ({@code /api/v1/ops/openapi.json}), so that the API docs show it and let a reader try
 * the operations with a token that has the ops role.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "imagepipe ops API", version = "v1",
		description = "Every operation needs the ops role: a bearer JWT with it, or the ops user (docs/security.md)."))
@SecurityScheme(name = OpsOpenApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpsOpenApi {

	/** The name of the bearer scheme, for {@code @SecurityRequirement}. */
	static final String BEARER = "bearer";

}
