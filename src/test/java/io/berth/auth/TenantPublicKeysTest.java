package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An external tenant's public_key: configured, or its issuer's signing key read from its JWKS. */
class TenantPublicKeysTest {
  static AuthProperties.ExternalTenant tenant(String jwksUrl, String publicKey) {
    return new AuthProperties.ExternalTenant(
        "science",
        null,
        "https://idp.example",
        jwksUrl,
        null,
        null,
        null,
        null,
        List.of("berth"),
        publicKey);
  }

  @Test
  void theJwksSigningKeyIsGivenAsPem() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/certs",
        exchange -> {
          byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
      String pem = new TenantPublicKeys().of(tenant(url, null));
      assertThat(pem).isEqualTo(TenantPublicKeys.pem(key.toRSAPublicKey()));
      assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("END PUBLIC KEY-----");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aConfiguredKeyWinsAndAnUnreachableIssuerLeavesItOut() {
    String configured = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----";
    assertThat(new TenantPublicKeys().of(tenant("http://127.0.0.1:1/certs", configured + "\n")))
        .isEqualTo(configured);
    assertThat(new TenantPublicKeys().of(tenant("http://127.0.0.1:1/certs", null))).isNull();
  }
}
