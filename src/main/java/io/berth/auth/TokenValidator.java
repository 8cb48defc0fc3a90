package io.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into a {@link Caller}: tokens of the embedded issuer are checked against the
 * site key; tokens of configured external issuers (a Keycloak realm, say) against their JWKS. The
 * issuer decides the tenant. Validated tokens are cached until shortly before they expire, so a
 * busy client costs one signature check, not one per request.
 */
@Component
public class TokenValidator {
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final int CACHE_LIMIT = 10_000;

  private final EmbeddedTenant embedded;
  private final RSASSAVerifier embeddedVerifier;
  private final boolean embeddedOn;
  private final Map<String, External> externals = new HashMap<>();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Clock clock;

  private record External(
      AuthProperties.ExternalTenant tenant, DefaultJWTProcessor<SecurityContext> processor) {}

  private record Cached(Caller caller, Instant validUntil) {}

  public TokenValidator(AuthProperties auth, EmbeddedTenant embedded, SiteKeys keys, Clock clock) {
    this.embedded = embedded;
    this.embeddedOn = auth.embeddedIssuer();
    this.clock = clock;
    try {
      this.embeddedVerifier = new RSASSAVerifier(keys.signingKey().toRSAPublicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException("the site signing key is unusable", e);
    }
    for (AuthProperties.ExternalTenant tenant : auth.tenants()) {
      if (tenant.tenantId() == null || tenant.issuer() == null || tenant.jwksUrl() == null) {
        throw new IllegalStateException(
            "berth.auth.tenants entries need tenant-id, issuer and jwks-url");
      }
      externals.put(tenant.issuer(), new External(tenant, processor(tenant)));
    }
  }

  public Caller validate(String token) {
    Instant now = clock.instant();
    Cached cached = cache.get(token);
    if (cached != null && now.isBefore(cached.validUntil())) {
      return cached.caller();
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("The token is not a signed JWT.");
    }
    String issuer = claims.getIssuer();
    Caller caller;
    Instant expires;
    if (embeddedOn && embedded.issuer().equals(issuer)) {
      caller = embeddedCaller(jwt, claims, now);
      expires = claims.getExpirationTime().toInstant();
    } else if (issuer != null && externals.containsKey(issuer)) {
      External external = externals.get(issuer);
      JWTClaimsSet verified;
      try {
        verified = external.processor().process(jwt, null);
      } catch (BadJOSEException e) {
        throw new InvalidTokenException("The token was refused: " + e.getMessage());
      } catch (JOSEException e) {
        throw new InvalidTokenException("The token's signature could not be checked.");
      }
      caller = externalCaller(external.tenant(), verified);
      expires = verified.getExpirationTime().toInstant();
    } else {
      throw new InvalidTokenException("The token's issuer is not trusted by this site.");
    }
    remember(token, caller, expires);
    return caller;
  }

  private Caller embeddedCaller(SignedJWT jwt, JWTClaimsSet claims, Instant now) {
    try {
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(embeddedVerifier)) {
        throw new InvalidTokenException("The token's signature is not valid.");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("The token's signature could not be checked.");
    }
    if (claims.getExpirationTime() == null
        || !now.isBefore(claims.getExpirationTime().toInstant().plus(SKEW))) {
      throw new InvalidTokenException("The token has expired.");
    }
    if (claims.getNotBeforeTime() != null
        && now.plus(SKEW).isBefore(claims.getNotBeforeTime().toInstant())) {
      throw new InvalidTokenException("The token is not valid yet.");
    }
    String tenant = string(claims, "tapis/tenant_id");
    String user = string(claims, "tapis/username");
    if (!embedded.id().equals(tenant) || user == null || user.isBlank()) {
      throw new InvalidTokenException("The token names no user of this tenant.");
    }
    return new Caller(tenant, user, strings(claims.getClaim("roles")));
  }

  private static Caller externalCaller(AuthProperties.ExternalTenant tenant, JWTClaimsSet claims) {
    Object tenantClaim =
        path(
            claims.getClaims(),
            tenant.tenantClaim() != null ? tenant.tenantClaim() : "tapis/tenant_id");
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
    if (user == null || user.toString().isBlank()) {
      throw new InvalidTokenException("The token names no user.");
    }
    Set<String> roles = new HashSet<>();
    for (String role : strings(path(claims.getClaims(), tenant.rolesClaim()))) {
      roles.add(role.equals(tenant.adminRole()) ? Caller.ADMIN_ROLE : role);
    }
    return new Caller(tenant.tenantId(), user.toString(), roles);
  }

  private void remember(String token, Caller caller, Instant expires) {
    if (cache.size() >= CACHE_LIMIT) {
      Instant now = clock.instant();
      cache.values().removeIf(c -> !now.isBefore(c.validUntil()));
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
    }
    cache.put(token, new Cached(caller, expires.minusSeconds(1)));
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      AuthProperties.ExternalTenant tenant) {
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(URI.create(tenant.jwksUrl()).toURL()).retrying(true).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "berth.auth.tenants: jwks-url " + tenant.jwksUrl() + " is not a URL");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
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

  private static String string(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value == null ? null : value.toString();
  }

  private static Set<String> strings(Object value) {
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

  /** A token that does not authenticate its bearer. */
  public static class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String message) {
      super(message);
    }
  }
}
