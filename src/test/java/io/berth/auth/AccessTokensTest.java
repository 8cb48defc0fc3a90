package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14 item 8: ID, refresh and logout tokens are not access tokens. */
class AccessTokensTest {

  private static JWSHeader header(String type) {
    JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.RS256);
    return (type == null ? builder : builder.type(new JOSEObjectType(type))).build();
  }

  private static JWTClaimsSet claims(Map<String, Object> claims) {
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("https://idp").subject("x");
    claims.forEach(builder::claim);
    return builder.build();
  }

  @Test
  void accessTokensPass() {
    for (String type : new String[] {null, "JWT", "at+jwt", "application/at+jwt"}) {
      assertThatCode(() -> AccessTokens.require(header(type), claims(Map.of())))
          .doesNotThrowAnyException();
    }
    // Keycloak's access tokens: typ Bearer; before Keycloak 25 they carried the nonce too
    assertThatCode(() ->
            AccessTokens.require(header("JWT"), claims(Map.of("typ", "Bearer", "nonce", "n"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> AccessTokens.require(header(null), claims(Map.of("tapis/token_type", "access"))))
        .doesNotThrowAnyException();
  }

  @Test
  void keycloakIdRefreshAndLogoutTokensAreRefused() {
    for (String typ : new String[] {"ID", "Refresh", "Offline", "Logout"}) {
      assertThatThrownBy(() -> AccessTokens.require(header("JWT"), claims(Map.of("typ", typ))))
          .isInstanceOf(TokenValidator.InvalidTokenException.class)
          .hasMessageContaining("not an access token")
          .hasMessageContaining(typ);
    }
  }

  @Test
  void idTokenMarkersAreRefused() {
    for (Map<String, Object> marker :
        java.util.List.<Map<String, Object>>of(
            Map.of("nonce", "n-1"),
            Map.of("at_hash", "abc"),
            Map.of("c_hash", "abc"),
            Map.of("typ", "Bearer", "at_hash", "abc"),
            Map.of("tapis/token_type", "refresh"))) {
      assertThatThrownBy(() -> AccessTokens.require(header("JWT"), claims(marker)))
          .as(marker.toString())
          .hasMessageContaining("not an access token");
    }
  }

  @Test
  void otherHeaderTypesAreRefused() {
    for (String type : new String[] {"id_token+jwt", "logout+jwt", "secevent+jwt", "JOSE"}) {
      assertThatThrownBy(() -> AccessTokens.require(header(type), claims(Map.of())))
          .hasMessageContaining("typ is " + type);
    }
  }
}
