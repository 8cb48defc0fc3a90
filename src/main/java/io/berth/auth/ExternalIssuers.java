package io.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.berth.auth.TokenValidator.InvalidTokenException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants whose tokens external issuers sign (Keycloak realms, say), by issuer. Checked at
 * start: each names its issuer, JWKS and audience, and tenants that share an issuer must be told
 * apart by their audiences or by a tenant claim; otherwise Berth refuses to start, naming both,
 * rather than let one tenant's users into the other. A token is accepted for exactly one tenant:
 * signed by its issuer's keys, meant for it ({@code aud} or {@code azp}), carrying a user name.
 */
final class ExternalIssuers {
  private static final Logger log = LoggerFactory.getLogger(ExternalIssuers.class);
  private static final Duration SKEW = Duration.ofSeconds(30);

  /** The caller a token names and until when it may be believed. */
  record Verified(Caller caller, Instant expires) {}

  private record External(
      AuthProperties.ExternalTenant tenant,
      DefaultJWTProcessor<SecurityContext> processor,
      boolean sharesIssuer) {}

  private final Map<String, List<External>> byIssuer = new LinkedHashMap<>();

  /**
   * @param embeddedIssuer the embedded issuer's name when it is on, else null
   */
  ExternalIssuers(List<AuthProperties.ExternalTenant> tenants, String embeddedIssuer) {
    Map<String, List<AuthProperties.ExternalTenant>> grouped = new LinkedHashMap<>();
    for (int i = 0; i < tenants.size(); i++) {
      AuthProperties.ExternalTenant tenant = tenants.get(i);
      requireComplete(i, tenant);
      if (tenant.issuer().equals(embeddedIssuer)) {
        throw new IllegalStateException(
            "berth.auth.tenants: tenant "
                + tenant.tenantId()
                + " trusts issuer "
                + tenant.issuer()
                + ", which is the embedded issuer of this site's own tenant: change its issuer or"
                + " turn the embedded issuer off");
      }
      grouped.computeIfAbsent(tenant.issuer(), k -> new ArrayList<>()).add(tenant);
    }
    grouped.forEach((issuer, group) -> {
      requireDistinguishable(issuer, group);
      List<External> externals = new ArrayList<>();
      for (AuthProperties.ExternalTenant tenant : group) {
        externals.add(new External(tenant, processor(tenant), group.size() > 1));
      }
      byIssuer.put(issuer, List.copyOf(externals));
    });
  }

  boolean trusts(String issuer) {
    return issuer != null && byIssuer.containsKey(issuer);
  }

  Verified authenticate(SignedJWT jwt, String issuer) {
    List<Verified> matches = new ArrayList<>();
    List<String> matched = new ArrayList<>();
    InvalidTokenException refusal = null;
    for (External external : byIssuer.getOrDefault(issuer, List.of())) {
      try {
        JWTClaimsSet claims = verify(external, jwt);
        requireMeantFor(external.tenant(), claims);
        matches.add(new Verified(caller(external, claims), claims.getExpirationTime().toInstant()));
        matched.add(external.tenant().tenantId());
      } catch (InvalidTokenException e) {
        refusal = refusal == null ? e : refusal;
      }
    }
    if (matches.size() == 1) {
      return matches.getFirst();
    }
    if (matches.size() > 1) {
      throw new InvalidTokenException(
          "The token fits more than one tenant of its issuer ("
              + String.join(", ", matched)
              + ").");
    }
    throw refusal != null
        ? refusal
        : new InvalidTokenException("The token's issuer is not trusted by this site.");
  }

  private static JWTClaimsSet verify(External external, SignedJWT jwt) {
    try {
      return external.processor().process(jwt, null);
    } catch (BadJOSEException e) {
      throw new InvalidTokenException("The token was refused: " + e.getMessage());
    } catch (JOSEException e) {
      log.warn("Cannot check a token of {}: {}", external.tenant().issuer(), e.getMessage());
      throw new InvalidTokenException("The token's signature could not be checked.");
    }
  }

  /** Its {@code aud} holds one of the tenant's audiences, or its {@code azp} is one of them. */
  private static void requireMeantFor(AuthProperties.ExternalTenant tenant, JWTClaimsSet claims) {
    List<String> audience = claims.getAudience();
    Object azp = claims.getClaim("azp");
    boolean meant =
        audience.stream().anyMatch(tenant.audience()::contains)
            || (azp != null && tenant.audience().contains(azp.toString()));
    if (!meant) {
      throw new InvalidTokenException(
          "The token is not meant for this site: its aud "
              + audience
              + (azp == null ? "" : " and azp " + azp)
              + " name none of the audiences tenant "
              + tenant.tenantId()
              + " accepts.");
    }
  }

  private static Caller caller(External external, JWTClaimsSet claims) {
    AuthProperties.ExternalTenant tenant = external.tenant();
    String tenantClaimName =
        tenant.tenantClaim() != null ? tenant.tenantClaim() : "tapis/tenant_id";
    Object tenantClaim = path(claims.getClaims(), tenantClaimName);
    if (tenantClaim == null && external.sharesIssuer() && tenant.tenantClaim() != null) {
      throw new InvalidTokenException(
          "The token names no tenant (" + tenantClaimName + "), which its issuer requires.");
    }
    if (tenantClaim != null && !tenant.tenantId().equals(tenantClaim.toString())) {
      throw new InvalidTokenException("The token's tenant does not match its issuer's tenant.");
    }
    Object user = claims.getClaim("tapis/username");
    if (user == null) {
      user = path(claims.getClaims(), tenant.userClaim());
    }
    if (user == null) {
      user = claims.getSubject();
    }
    String name = user == null ? null : user.toString();
    if (!TokenValidator.isUserName(name)) {
      throw new InvalidTokenException(
          "The token names no user, or a name with control characters or over 255 characters.");
    }
    Set<String> roles = new HashSet<>();
    for (String role : strings(path(claims.getClaims(), tenant.rolesClaim()))) {
      roles.add(role.equals(tenant.adminRole()) ? Caller.ADMIN_ROLE : role);
    }
    return new Caller(tenant.tenantId(), name, roles);
  }

  private static void requireComplete(int index, AuthProperties.ExternalTenant tenant) {
    String entry = "berth.auth.tenants[" + index + "]";
    if (tenant.tenantId() == null || tenant.issuer() == null || tenant.jwksUrl() == null) {
      throw new IllegalStateException(entry + " needs tenant-id, issuer and jwks-url");
    }
    if (tenant.audience().isEmpty()) {
      throw new IllegalStateException(
          entry
              + " (tenant "
              + tenant.tenantId()
              + ") needs an audience: the aud or azp values of the tokens meant for Berth"
              + " (in Keycloak, the client id of Berth's clients, or an audience mapper's value)");
    }
  }

  /**
   * Tenants sharing an issuer are told apart by disjoint audiences or by a tenant claim each names;
   * a token fitting two of them is refused at use.
   */
  private static void requireDistinguishable(
      String issuer, List<AuthProperties.ExternalTenant> group) {
    for (int i = 0; i < group.size(); i++) {
      for (int j = i + 1; j < group.size(); j++) {
        AuthProperties.ExternalTenant a = group.get(i);
        AuthProperties.ExternalTenant b = group.get(j);
        boolean byClaim = a.tenantClaim() != null && b.tenantClaim() != null;
        boolean byAudience = Collections.disjoint(a.audience(), b.audience());
        if (!byClaim && !byAudience) {
          throw new IllegalStateException(
              "berth.auth.tenants: tenants "
                  + a.tenantId()
                  + " and "
                  + b.tenantId()
                  + " trust the same issuer "
                  + issuer
                  + " and nothing tells their tokens apart: give them different audiences, or"
                  + " each a tenant-claim");
        }
      }
    }
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      AuthProperties.ExternalTenant tenant) {
    JWKSource<SecurityContext> keys;
    try {
      // Nimbus's 500 ms timeouts fail under load; 2 s still bounds a request waiting on the keys
      keys =
          JWKSourceBuilder.create(
                  URI.create(tenant.jwksUrl()).toURL(),
                  new DefaultResourceRetriever(2_000, 2_000, 512 * 1024))
              .retrying(true)
              .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "berth.auth.tenants: jwks-url " + tenant.jwksUrl() + " is not a URL");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    // header types are judged by AccessTokens, which names the reason
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            AccessTokens.AT_JWT,
            new JOSEObjectType("application/at+jwt"),
            null));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    DefaultJWTClaimsVerifier<SecurityContext> verifier =
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(tenant.issuer()).build(), Set.of("exp"));
    verifier.setMaxClockSkew((int) SKEW.toSeconds());
    processor.setJWTClaimsSetVerifier(verifier);
    return processor;
  }

  /** Reads a claim by a dotted path into nested objects. */
  static Object path(Map<String, Object> claims, String dotted) {
    if (dotted == null) {
      return null;
    }
    if (claims.containsKey(dotted)) {
      return claims.get(dotted);
    }
    Object current = claims;
    for (String part : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  static Set<String> strings(Object value) {
    if (value instanceof Collection<?> values) {
      Set<String> result = new HashSet<>();
      values.forEach(v -> result.add(String.valueOf(v)));
      return result;
    }
    if (value instanceof String s && !s.isBlank()) {
      return Set.of(s);
    }
    return Set.of();
  }
}
