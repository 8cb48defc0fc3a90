package io.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The embedded issuer: signs Tapis-shaped access tokens with the site's RS256 key, typed {@code
 * at+jwt} (RFC 9068) and naming this Berth in {@code berth/audience}.
 */
@Component
public class TokenIssuer {
  private final SiteKeys keys;
  private final EmbeddedTenant tenant;
  private final AuthProperties auth;
  private final Clock clock;

  public TokenIssuer(SiteKeys keys, EmbeddedTenant tenant, AuthProperties auth, Clock clock) {
    this.keys = keys;
    this.tenant = tenant;
    this.auth = auth;
    this.clock = clock;
  }

  /** A signed token, its id and expiry. */
  public record Issued(String token, String jti, Instant expiresAt, long expiresIn) {}

  public Issued issue(String user, Set<String> roles) {
    Instant now = clock.instant();
    Instant expires = now.plus(auth.tokenTtl());
    String jti = UUID.randomUUID().toString();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(tenant.issuer())
            // this Berth, named in a claim of its own rather than aud: Tapis's tokens carry no aud,
            // and tapipy's validate_token (PyJWT) refuses any token with one
            .claim(EmbeddedTenant.AUDIENCE_CLAIM, tenant.audience())
            .subject(user + "@" + tenant.id())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(jti)
            .claim("tapis/tenant_id", tenant.id())
            .claim("tapis/username", user)
            .claim("tapis/token_type", "access")
            .claim("tapis/account_type", "user")
            .claim("tapis/delegation", false)
            .claim("roles", List.copyOf(roles))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(AccessTokens.AT_JWT)
                .keyID(keys.signingKey().getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(keys.signingKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return new Issued(jwt.serialize(), jti, expires, auth.tokenTtl().toSeconds());
  }
}
