package io.berth.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tapis's tenant discovery: {@code GET /v3/tenants} lists the tenants this site serves, so a client
 * given only a base URL finds its tenant, token service and public key.
 */
@RestController
class TenantController {
  private final AuthProperties auth;
  private final EmbeddedTenant embedded;
  private final SiteKeys keys;

  TenantController(AuthProperties auth, EmbeddedTenant embedded, SiteKeys keys) {
    this.auth = auth;
    this.embedded = embedded;
    this.keys = keys;
  }

  record Tenant(
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("base_url") String baseUrl,
      @JsonProperty("token_service") String tokenService,
      @JsonProperty("security_kernel") String securityKernel,
      @JsonProperty("public_key") String publicKey,
      @JsonProperty("issuer") String issuer,
      @JsonProperty("jwks_url") String jwksUrl,
      @JsonProperty("status") String status) {}

  @GetMapping("/v3/tenants")
  Envelope<List<Tenant>> tenants() {
    return Envelope.ok("Tenants retrieved successfully.", all());
  }

  @GetMapping("/v3/tenants/{tenantId}")
  Envelope<Tenant> tenant(@PathVariable String tenantId) {
    return all().stream()
        .filter(t -> t.tenantId().equals(tenantId))
        .findFirst()
        .map(t -> Envelope.ok("Tenant retrieved successfully.", t))
        .orElseThrow(() -> ApiException.notFound("Tenant " + tenantId + " not found."));
  }

  private List<Tenant> all() {
    List<Tenant> tenants = new ArrayList<>();
    if (auth.embeddedIssuer()) {
      tenants.add(
          new Tenant(
              embedded.id(),
              embedded.baseUrl(),
              embedded.baseUrl() + "/v3/tokens",
              embedded.baseUrl() + "/v3/security",
              pem(),
              embedded.issuer(),
              embedded.baseUrl() + "/v3/oauth2/jwks",
              "active"));
    }
    for (AuthProperties.ExternalTenant t : auth.tenants()) {
      tenants.add(
          new Tenant(
              t.tenantId(),
              t.baseUrl(),
              t.issuer(),
              null,
              null,
              t.issuer(),
              t.jwksUrl(),
              "active"));
    }
    return tenants;
  }

  private String pem() {
    try {
      byte[] der = keys.signingKey().toRSAPublicKey().getEncoded();
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
          + "\n-----END PUBLIC KEY-----";
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
