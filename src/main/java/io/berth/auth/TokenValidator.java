package io.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.berth.web.RequestText;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into a {@link Caller}. Only access tokens are accepted (see {@link
 * AccessTokens}): tokens of the embedded issuer are checked against the site key and must be typed
 * {@code at+jwt} and name this Berth as audience; tokens of configured external issuers (a Keycloak
 * realm, say) against their JWKS and the tenant's audience (see {@link ExternalIssuers}). The
 * issuer decides the tenant. Validated tokens are cached until shortly before they expire, so a
 * busy client costs one signature check, not one per request.
 */
@Component
public class TokenValidator {
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final int CACHE_LIMIT = 10_000;
  private static final int MAX_USER_NAME = 255;

  private final EmbeddedTenant embedded;
  private final RSASSAVerifier embeddedVerifier;
  private final boolean embeddedOn;
  private final ExternalIssuers externals;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Clock clock;

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
    this.externals = new ExternalIssuers(auth.tenants(), embeddedOn ? embedded.issuer() : null);
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
    } else if (externals.trusts(issuer)) {
      AccessTokens.require(jwt.getHeader(), claims);
      ExternalIssuers.Verified verified = externals.authenticate(jwt, issuer);
      caller = verified.caller();
      expires = verified.expires();
    } else {
      throw new InvalidTokenException("The token's issuer is not trusted by this site.");
    }
    remember(token, caller, expires);
    return caller;
  }

  /** A user name a token may carry: present, plain text, at most 255 characters. */
  static boolean isUserName(String name) {
    return name != null
        && !name.isBlank()
        && name.length() <= MAX_USER_NAME
        && RequestText.isPlain(name);
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
    if (!AccessTokens.AT_JWT.equals(jwt.getHeader().getType())
        || !"access".equals(string(claims, "tapis/token_type"))) {
      throw new InvalidTokenException(
          "The token is not an access token of this site (typ at+jwt, tapis/token_type access).");
    }
    if (!claims.getAudience().contains(embedded.audience())
        && !embedded.audience().equals(claims.getClaim(EmbeddedTenant.AUDIENCE_CLAIM))) {
      throw new InvalidTokenException(
          "The token is not meant for this site: neither its aud nor its "
              + EmbeddedTenant.AUDIENCE_CLAIM
              + " names "
              + embedded.audience());
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
    if (!embedded.id().equals(tenant) || !isUserName(user)) {
      throw new InvalidTokenException("The token names no user of this tenant.");
    }
    return new Caller(tenant, user, ExternalIssuers.strings(claims.getClaim("roles")));
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

  private static String string(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value == null ? null : value.toString();
  }

  /** A token that does not authenticate its bearer. */
  public static class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String message) {
      super(message);
    }
  }
}
