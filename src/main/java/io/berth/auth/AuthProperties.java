package io.berth.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call Berth. The embedded issuer (tenant {@code BERTH_TENANT}, users from {@code
 * BERTH_DEV_USERS}) is on unless turned off; further tenants trust external issuers such as a
 * Keycloak realm, each with its JWKS URL and claim mapping.
 */
@ConfigurationProperties("berth.auth")
public record AuthProperties(
    Boolean embeddedIssuer,
    String tenant,
    String baseUrl,
    String devUsers,
    Duration tokenTtl,
    String dataKey,
    List<ExternalTenant> tenants) {

  public AuthProperties {
    embeddedIssuer = embeddedIssuer == null || embeddedIssuer;
    tenant = tenant == null || tenant.isBlank() ? "default" : tenant;
    devUsers = devUsers == null ? "" : devUsers;
    tokenTtl = tokenTtl == null ? Duration.ofHours(4) : tokenTtl;
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
  }

  /**
   * A tenant whose tokens an external OIDC issuer signs. Claims are read by name; a dotted name
   * ({@code realm_access.roles}) walks into nested objects. {@code audience} lists who a token must
   * be meant for: a token is accepted when its {@code aud} holds one of the values or its {@code
   * azp} (the client it was issued to) is one of them. Required: without it any client of the realm
   * could call Berth with its users' tokens.
   */
  public record ExternalTenant(
      String tenantId,
      String baseUrl,
      String issuer,
      String jwksUrl,
      String userClaim,
      String tenantClaim,
      String rolesClaim,
      String adminRole,
      List<String> audience,
      String publicKey) {
    public ExternalTenant {
      userClaim = userClaim == null ? "preferred_username" : userClaim;
      rolesClaim = rolesClaim == null ? "realm_access.roles" : rolesClaim;
      adminRole = adminRole == null ? Caller.ADMIN_ROLE : adminRole;
      audience =
          audience == null
              ? List.of()
              : audience.stream().filter(a -> a != null && !a.isBlank()).map(String::trim).toList();
    }
  }
}
