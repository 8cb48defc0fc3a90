package io.berth.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A second tenant for tests, as a Keycloak realm would serve it: an RSA key whose JWKS is served on
 * loopback, and tokens it signs for users (admins hold the realm role {@code pods-admin}).
 */
public final class ExternalIssuer {
  private final String tenant;
  private final RSAKey key;
  private final HttpServer jwks;
  private final String issuer;

  public ExternalIssuer(String tenant) {
    this.tenant = tenant;
    try {
      this.key = new RSAKeyGenerator(2048).keyID(tenant + "-key").generate();
      this.jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    this.issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/" + tenant;
    jwks.createContext(
        "/realms/" + tenant + "/certs",
        exchange -> {
          byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
  }

  /** Declares the tenant as {@code berth.auth.tenants[index]}. */
  public void register(DynamicPropertyRegistry registry, int index) {
    String prefix = "berth.auth.tenants[" + index + "].";
    registry.add(prefix + "tenant-id", () -> tenant);
    registry.add(prefix + "base-url", () -> "https://" + tenant + ".example");
    registry.add(prefix + "issuer", () -> issuer);
    registry.add(prefix + "jwks-url", () -> issuer + "/certs");
    registry.add(prefix + "admin-role", () -> "pods-admin");
    registry.add(prefix + "audience", () -> "berth");
  }

  public String token(String user, boolean admin) {
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .subject(user)
              .audience("berth")
              .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
              .claim("preferred_username", user)
              .claim("realm_access", Map.of("roles", List.of(admin ? "pods-admin" : "user")))
              .build();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void stop() {
    jwks.stop(0);
  }
}
