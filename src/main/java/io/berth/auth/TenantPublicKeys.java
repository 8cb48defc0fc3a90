package io.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code public_key} of an external tenant in {@code /v3/tenants}, as Tapis gives it: a PEM
 * {@code PUBLIC KEY} clients check tokens with. The tenant's configured {@code public-key} when it
 * has one; otherwise its issuer's signing key, read from the tenant's JWKS (cached by Nimbus, as
 * the token checks' keys are). An issuer that cannot be reached leaves the key out rather than fail
 * the public discovery call; the field is optional in the Tenants API.
 */
final class TenantPublicKeys {
  private static final Logger log = LoggerFactory.getLogger(TenantPublicKeys.class);
  private static final JWKSelector SIGNING_KEY =
      new JWKSelector(
          new JWKMatcher.Builder()
              .keyTypes(KeyType.RSA, KeyType.EC)
              .keyUses(KeyUse.SIGNATURE, null)
              .publicOnly(false)
              .build());

  private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();
  private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

  /** The tenant's public key as PEM, or null when none is configured and its JWKS has none. */
  String of(AuthProperties.ExternalTenant tenant) {
    if (tenant.publicKey() != null && !tenant.publicKey().isBlank()) {
      return tenant.publicKey().strip();
    }
    try {
      List<JWK> keys = source(tenant).get(SIGNING_KEY, null);
      if (keys.isEmpty()) {
        return null;
      }
      JWK key = keys.getFirst();
      PublicKey publicKey =
          key.getKeyType() == KeyType.RSA
              ? key.toRSAKey().toPublicKey()
              : key.toECKey().toPublicKey();
      warned.remove(tenant.tenantId());
      return pem(publicKey);
    } catch (JOSEException e) { // KeySourceException too: the JWKS could not be read
      if (warned.putIfAbsent(tenant.tenantId(), true) == null) {
        log.warn(
            "Tenant {}: no public key from its JWKS {} ({})",
            tenant.tenantId(),
            tenant.jwksUrl(),
            e.getMessage());
      }
      return null;
    }
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----";
  }

  private JWKSource<SecurityContext> source(AuthProperties.ExternalTenant tenant) {
    return sources.computeIfAbsent(
        tenant.tenantId(),
        id -> {
          try {
            return JWKSourceBuilder.create(
                    URI.create(tenant.jwksUrl()).toURL(),
                    new DefaultResourceRetriever(2_000, 2_000, 512 * 1024))
                .build();
          } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("jwks-url " + tenant.jwksUrl() + " is not a URL", e);
          }
        });
  }
}
