package io.berth.auth;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How {@code /openapi.json} says to call the API: a token in {@code X-Tapis-Token} or as a bearer
 * token, so Swagger UI's "Try it out" works; public paths need neither. The {@link Caller} argument
 * is what the token resolves to, not a parameter: it is left out of the description.
 */
@Configuration
class AuthApiDocs {
  static final String TAPIS_TOKEN = "X-Tapis-Token";
  static final String BEARER = "bearer";

  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenApiCustomizer tokenSecurity() {
    return api -> {
      api.getComponents()
          .addSecuritySchemes(
              TAPIS_TOKEN,
              new SecurityScheme()
                  .type(SecurityScheme.Type.APIKEY)
                  .in(SecurityScheme.In.HEADER)
                  .name(TAPIS_TOKEN)
                  .description("A Tapis access token, from POST /v3/oauth2/tokens"))
          .addSecuritySchemes(
              BEARER,
              new SecurityScheme()
                  .type(SecurityScheme.Type.HTTP)
                  .scheme("bearer")
                  .bearerFormat("JWT")
                  .description("The same token as Authorization: Bearer"));
      api.setSecurity(
          List.of(
              new SecurityRequirement().addList(TAPIS_TOKEN),
              new SecurityRequirement().addList(BEARER)));
      if (api.getPaths() == null) {
        return;
      }
      api.getPaths()
          .forEach((path, item) -> {
            if (isPublic(path)) {
              item.readOperations()
                  .forEach(op -> {
                    op.setSecurity(List.of());
                    if (op.getResponses() != null) {
                      op.getResponses().remove("401");
                    }
                  });
            }
          });
    };
  }

  /** The public paths as {@link AuthFilter} has them, templates included. */
  static boolean isPublic(String path) {
    String concrete = path.replaceAll("\\{[^}]+}", "x");
    return AuthFilter.PUBLIC_EXACT.contains(path)
        || AuthFilter.PUBLIC_PREFIXES.stream().anyMatch(concrete::startsWith)
        || AuthFilter.FORWARD_AUTH.matcher(concrete).matches();
  }
}
