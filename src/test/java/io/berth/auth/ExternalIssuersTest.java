package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14 item 8: configuration that would let tenants' tokens collapse is refused at start. */
class ExternalIssuersTest {
  static final String REALM = "https://keycloak.example/realms/science";

  static AuthProperties.ExternalTenant tenant(
      String id, String issuer, String tenantClaim, List<String> audience) {
    return new AuthProperties.ExternalTenant(
        id,
        null,
        issuer,
        issuer + "/protocol/openid-connect/certs",
        null,
        tenantClaim,
        null,
        null,
        audience,
        null);
  }

  @Test
  void anAudienceIsRequired() {
    assertThatThrownBy(
            () -> new ExternalIssuers(List.of(tenant("science", REALM, null, null)), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tenants[0]")
        .hasMessageContaining("science")
        .hasMessageContaining("audience");
    assertThatThrownBy(
            () -> new ExternalIssuers(List.of(tenant("science", REALM, null, List.of(" "))), null))
        .hasMessageContaining("audience");
  }

  @Test
  void twoTenantsOfOneIssuerWithNothingToTellThemApartStopTheStart() {
    assertThatThrownBy(() ->
            new ExternalIssuers(
                List.of(
                    tenant("science", REALM, null, List.of("berth")),
                    tenant("physics", REALM, null, List.of("berth", "physics-portal"))),
                null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("science")
        .hasMessageContaining("physics")
        .hasMessageContaining(REALM);
    // one tenant claim is not enough: the other tenant's tokens may lack it
    assertThatThrownBy(() ->
            new ExternalIssuers(
                List.of(
                    tenant("science", REALM, "tenant", List.of("berth")),
                    tenant("physics", REALM, null, List.of("berth"))),
                null))
        .hasMessageContaining("science")
        .hasMessageContaining("physics");
  }

  @Test
  void tenantsOfOneIssuerToldApartByAudienceOrTenantClaimStart() {
    assertThatCode(() ->
            new ExternalIssuers(
                List.of(
                    tenant("science", REALM, null, List.of("berth-science")),
                    tenant("physics", REALM, null, List.of("berth-physics"))),
                null))
        .doesNotThrowAnyException();
    assertThatCode(() ->
            new ExternalIssuers(
                List.of(
                    tenant("science", REALM, "tenant", List.of("berth")),
                    tenant("physics", REALM, "tenant", List.of("berth"))),
                null))
        .doesNotThrowAnyException();
  }

  @Test
  void anExternalTenantCannotClaimTheEmbeddedIssuer() {
    String embedded = "http://localhost:8080/v3/tokens";
    assertThatThrownBy(() ->
            new ExternalIssuers(
                List.of(tenant("science", embedded, null, List.of("berth"))), embedded))
        .hasMessageContaining("science")
        .hasMessageContaining("embedded issuer");
  }
}
