package io.berth.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.config.BerthProperties;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tapis's site and tenant discovery, public as in Tapis: a client given only a base URL (tapipy's
 * {@code Tapis(base_url, username, password)}) lists the sites and tenants, finds its tenant by
 * base URL and the tenant's site by {@code site_id}, and checks tokens with the tenant's public
 * key. Berth is one site; its tenants are the embedded issuer's and the external ones.
 */
@RestController
class TenantController {
  /** The services a Berth site offers, in the Tenants API's words. */
  static final List<String> SERVICES = List.of("pods", "tenants", "authenticator");

  private final AuthProperties auth;
  private final EmbeddedTenant embedded;
  private final SiteKeys keys;
  private final TenantPublicKeys publicKeys = new TenantPublicKeys();
  private final String site;
  private final String owner;

  TenantController(
      AuthProperties auth,
      EmbeddedTenant embedded,
      SiteKeys keys,
      BerthProperties berth,
      @Value("${berth.auth.owner:}") String owner) {
    this.auth = auth;
    this.embedded = embedded;
    this.keys = keys;
    this.site = berth.site();
    this.owner = owner;
  }

  /** The Tenants API's {@code Tenant}: every required field; absent ones are left out, not null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Tenant(
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("base_url") String baseUrl,
      @JsonProperty("site_id") String siteId,
      @JsonProperty("token_service") String tokenService,
      @JsonProperty("security_kernel") String securityKernel,
      @JsonProperty("authenticator") String authenticator,
      @JsonProperty("owner") String owner,
      @JsonProperty("public_key") String publicKey,
      @JsonProperty("issuer") String issuer,
      @JsonProperty("jwks_url") String jwksUrl,
      @JsonProperty("status") String status,
      @JsonProperty("description") String description) {}

  /** The Tenants API's {@code Site}. */
  record Site(
      @JsonProperty("site_id") String siteId,
      @JsonProperty("base_url") String baseUrl,
      @JsonProperty("primary") boolean primary,
      @JsonProperty("services") List<String> services,
      @JsonProperty("site_admin_tenant_id") String siteAdminTenantId) {}

  @GetMapping("/v3/sites")
  Envelope<List<Site>> sites() {
    return Envelope.ok("Sites retrieved successfully.", List.of(thisSite()));
  }

  @GetMapping("/v3/sites/{siteId}")
  Envelope<Site> site(@PathVariable String siteId) {
    if (!site.equals(siteId)) {
      throw ApiException.notFound("Site " + siteId + " not found.");
    }
    return Envelope.ok("Site retrieved successfully.", thisSite());
  }

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

  private Site thisSite() {
    List<Tenant> tenants = all();
    return new Site(
        site,
        embedded.baseUrl(),
        true,
        SERVICES,
        tenants.isEmpty() ? embedded.id() : tenants.get(0).tenantId());
  }

  private List<Tenant> all() {
    List<Tenant> tenants = new ArrayList<>();
    if (auth.embeddedIssuer()) {
      String base = embedded.baseUrl();
      tenants.add(
          new Tenant(
              embedded.id(),
              base,
              site,
              base + "/v3/tokens",
              base + "/v3/security",
              base + "/v3/oauth2",
              owner,
              pem(),
              embedded.issuer(),
              base + "/v3/oauth2/jwks",
              "active",
              "Berth's own tenant: tokens from " + base + "/v3/oauth2/tokens."));
    }
    for (AuthProperties.ExternalTenant t : auth.tenants()) {
      // the external issuer is both token service and authenticator; its key is configured or read
      // from its JWKS
      String base = t.baseUrl() == null || t.baseUrl().isBlank() ? embedded.baseUrl() : t.baseUrl();
      tenants.add(
          new Tenant(
              t.tenantId(),
              base,
              site,
              t.issuer(),
              base + "/v3/security",
              t.issuer(),
              owner,
              publicKeys.of(t),
              t.issuer(),
              t.jwksUrl(),
              "active",
              "Tokens from the external issuer " + t.issuer() + "."));
    }
    return tenants;
  }

  private String pem() {
    try {
      return TenantPublicKeys.pem(keys.signingKey().toRSAPublicKey());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
