package io.berth.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Locale;
import java.util.Set;

/**
 * Tells access tokens from the other JWTs an identity provider signs with the same key: ID tokens
 * (they identify a user to a client and carry its client id as audience, so a client could replay
 * one as if it were meant for Berth), refresh and logout tokens. A token is refused as soon as one
 * sign says it is not an access token:
 *
 * <ul>
 *   <li>a JOSE header {@code typ} other than {@code JWT} or {@code at+jwt} (RFC 9068);
 *   <li>Keycloak's {@code typ} claim other than {@code Bearer} ({@code ID}, {@code Refresh}, {@code
 *       Logout}, {@code Offline});
 *   <li>{@code at_hash} or {@code c_hash}, which only ID tokens carry;
 *   <li>{@code nonce}, except on a token that Keycloak's {@code typ} claim marks an access token
 *       (Keycloak before 25 copied the nonce into access tokens);
 *   <li>Tapis's {@code tapis/token_type} other than {@code access}.
 * </ul>
 */
final class AccessTokens {
  static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  private static final Set<String> ACCESS_HEADER_TYPES =
      Set.of("jwt", "at+jwt", "application/at+jwt");

  private AccessTokens() {}

  static void require(JWSHeader header, JWTClaimsSet claims) {
    JOSEObjectType type = header.getType();
    if (type != null && !ACCESS_HEADER_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      throw refused("its header's typ is " + type.getType());
    }
    Object typ = claims.getClaim("typ");
    boolean keycloakAccess = typ != null && "bearer".equalsIgnoreCase(typ.toString());
    if (typ != null && !keycloakAccess) {
      throw refused("its typ claim is " + typ + (typ.equals("ID") ? " (an ID token)" : ""));
    }
    if (claims.getClaim("at_hash") != null || claims.getClaim("c_hash") != null) {
      throw refused("it carries at_hash or c_hash, as ID tokens do");
    }
    if (claims.getClaim("nonce") != null && !keycloakAccess) {
      throw refused("it carries a nonce, as ID tokens do");
    }
    Object tapisType = claims.getClaim("tapis/token_type");
    if (tapisType != null && !"access".equals(tapisType.toString())) {
      throw refused("its tapis/token_type is " + tapisType);
    }
  }

  private static TokenValidator.InvalidTokenException refused(String why) {
    return new TokenValidator.InvalidTokenException(
        "The token is not an access token (" + why + "): send an access token.");
  }
}
