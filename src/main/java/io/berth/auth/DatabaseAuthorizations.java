package io.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenID provider's authorizations in the database ({@code oidc_authorizations}): the code a
 * browser's sign-in produced, and the access and ID tokens issued for it (userinfo and logout find
 * them). Any Berth process on the database redeems a code another issued, and only once: the
 * redemption's save claims the code with a conditional update, so of two racing redemptions one
 * gets {@code invalid_grant}. Token values are stored only as SHA-256 hashes; a loaded
 * authorization carries the hash in place of each value, except the one it was looked up by.
 * Expired rows are swept as new ones are written.
 */
final class DatabaseAuthorizations implements OAuth2AuthorizationService {
  /** Marks a value that is a stored hash, so saving a loaded authorization never hashes twice. */
  static final String HASHED = "sha256:";

  private final JdbcClient jdbc;
  private final RegisteredClientRepository clients;
  private final JsonMapper json;
  private final Clock clock;

  DatabaseAuthorizations(
      JdbcClient jdbc, RegisteredClientRepository clients, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.clients = clients;
    this.json = json;
    this.clock = clock;
  }

  /** What a row's body holds: everything but token values, which are hashes. */
  record Stored(
      String id,
      String clientId,
      String principalName,
      Set<String> scopes,
      Who caller,
      List<Authority> authorities,
      Request request,
      StoredToken code,
      StoredToken access,
      StoredToken idToken) {}

  /** The signed-in {@link Caller}, by its fields only. */
  record Who(String tenant, String user, Set<String> roles) {}

  record Authority(String authority, Instant factorIssuedAt) {}

  record Request(
      String authorizationUri,
      String clientId,
      String redirectUri,
      Set<String> scopes,
      String state,
      Map<String, Object> additionalParameters) {}

  /** A token without its value; {@code instants} names the claims that are instants. */
  record StoredToken(
      String hash,
      Instant issuedAt,
      Instant expiresAt,
      boolean invalidated,
      Set<String> scopes,
      Map<String, Object> claims,
      Set<String> instants) {}

  @Override
  public void save(OAuth2Authorization authorization) {
    Stored stored = stored(authorization);
    String body = json.writeValueAsString(stored);
    Instant expires = expiry(stored);
    OAuth2Authorization.Token<OAuth2AuthorizationCode> code =
        authorization.getToken(OAuth2AuthorizationCode.class);
    OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
    // a redemption: the code spent and a token issued now (its value is new, not a stored hash)
    boolean redeeming =
        code != null
            && code.isInvalidated()
            && access != null
            && !access.getToken().getTokenValue().startsWith(HASHED);
    int updated =
        jdbc.sql(
                "update oidc_authorizations set code_used = :used, access_hash = :access,"
                    + " id_token_hash = :idToken, expires_ts = :expires, body = :body"
                    + " where id = :id"
                    + (redeeming ? " and code_used = false" : ""))
            .param("used", code != null && code.isInvalidated())
            .param("access", stored.access() == null ? null : stored.access().hash())
            .param("idToken", stored.idToken() == null ? null : stored.idToken().hash())
            .param("expires", Timestamp.from(expires))
            .param("body", body)
            .param("id", stored.id())
            .update();
    if (updated == 1) {
      return;
    }
    if (redeeming) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_GRANT, "The authorization code was already used.", null));
    }
    jdbc.sql("delete from oidc_authorizations where expires_ts < :now")
        .param("now", Timestamp.from(clock.instant()))
        .update();
    jdbc.sql(
            "insert into oidc_authorizations (id, client_id, code_hash, code_used, access_hash,"
                + " id_token_hash, expires_ts, body) values (:id, :client, :code, :used, :access,"
                + " :idToken, :expires, :body)")
        .param("id", stored.id())
        .param("client", stored.clientId())
        .param("code", stored.code() == null ? null : stored.code().hash())
        .param("used", code != null && code.isInvalidated())
        .param("access", stored.access() == null ? null : stored.access().hash())
        .param("idToken", stored.idToken() == null ? null : stored.idToken().hash())
        .param("expires", Timestamp.from(expires))
        .param("body", body)
        .update();
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    jdbc.sql("delete from oidc_authorizations where id = :id")
        .param("id", authorization.getId())
        .update();
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return load("id = :value", id, null, null);
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType type) {
    String hash = hash(token);
    if (type == null) {
      return Stream.of(
              OAuth2TokenType.ACCESS_TOKEN,
              new OAuth2TokenType(OAuth2ParameterNames.CODE),
              new OAuth2TokenType(OidcParameterNames.ID_TOKEN))
          .map(t -> findByToken(token, t))
          .filter(a -> a != null)
          .findFirst()
          .orElse(null);
    }
    return switch (type.getValue()) {
      case OAuth2ParameterNames.CODE -> load("code_hash = :value", hash, token, type);
      case OAuth2ParameterNames.ACCESS_TOKEN -> load("access_hash = :value", hash, token, type);
      case OidcParameterNames.ID_TOKEN -> load("id_token_hash = :value", hash, token, type);
      default -> null; // no refresh tokens, device codes or consent states are issued here
    };
  }

  private OAuth2Authorization load(String where, String value, String token, OAuth2TokenType type) {
    Optional<String> body =
        jdbc.sql("select body from oidc_authorizations where " + where)
            .param("value", value)
            .query((rs, n) -> rs.getString("body"))
            .optional();
    return body.map(b -> authorization(json.readValue(b, Stored.class), token, type)).orElse(null);
  }

  private Stored stored(OAuth2Authorization a) {
    Authentication principal = a.getAttribute(Principal.class.getName());
    Who caller =
        principal != null && principal.getPrincipal() instanceof Caller c
            ? new Who(c.tenant(), c.user(), c.roles())
            : null;
    List<Authority> authorities = new ArrayList<>();
    if (principal != null) {
      for (GrantedAuthority g : principal.getAuthorities()) {
        authorities.add(
            new Authority(
                g.getAuthority(), g instanceof FactorGrantedAuthority f ? f.getIssuedAt() : null));
      }
    }
    OAuth2AuthorizationRequest r = a.getAttribute(OAuth2AuthorizationRequest.class.getName());
    Request request =
        r == null
            ? null
            : new Request(
                r.getAuthorizationUri(),
                r.getClientId(),
                r.getRedirectUri(),
                r.getScopes(),
                r.getState(),
                r.getAdditionalParameters());
    return new Stored(
        a.getId(),
        a.getRegisteredClientId(),
        a.getPrincipalName(),
        a.getAuthorizedScopes(),
        caller,
        authorities,
        request,
        token(a.getToken(OAuth2AuthorizationCode.class)),
        token(a.getAccessToken()),
        token(a.getToken(OidcIdToken.class)));
  }

  private static StoredToken token(OAuth2Authorization.Token<? extends OAuth2Token> t) {
    if (t == null) {
      return null;
    }
    OAuth2Token token = t.getToken();
    Map<String, Object> claims = new LinkedHashMap<>();
    Set<String> instants = new TreeSet<>();
    // an ID token carries its claims itself; the others' are in the metadata, if anywhere
    Map<String, Object> source =
        t.getClaims() != null
            ? t.getClaims()
            : token instanceof OidcIdToken id ? id.getClaims() : null;
    if (source != null) {
      source.forEach((k, v) -> {
        if (v instanceof Instant i) {
          instants.add(k);
          claims.put(k, i.toString());
        } else {
          claims.put(k, v instanceof java.net.URL u ? u.toString() : v);
        }
      });
    }
    return new StoredToken(
        hashed(token.getTokenValue()),
        token.getIssuedAt(),
        token.getExpiresAt(),
        t.isInvalidated(),
        token instanceof OAuth2AccessToken at ? at.getScopes() : null,
        claims,
        instants);
  }

  private OAuth2Authorization authorization(Stored s, String token, OAuth2TokenType type) {
    RegisteredClient client = clients.findById(s.clientId());
    if (client == null) {
      return null; // its client is no longer configured
    }
    OAuth2Authorization.Builder b =
        OAuth2Authorization.withRegisteredClient(client)
            .id(s.id())
            .principalName(s.principalName())
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizedScopes(s.scopes());
    if (s.caller() != null) {
      List<GrantedAuthority> authorities = new ArrayList<>();
      for (Authority g : s.authorities()) {
        authorities.add(
            g.factorIssuedAt() == null
                ? new SimpleGrantedAuthority(g.authority())
                : FactorGrantedAuthority.withAuthority(g.authority())
                    .issuedAt(g.factorIssuedAt())
                    .build());
      }
      b.attribute(
          Principal.class.getName(),
          UsernamePasswordAuthenticationToken.authenticated(
              new Caller(s.caller().tenant(), s.caller().user(), s.caller().roles()),
              null,
              authorities));
    }
    if (s.request() != null) {
      Request r = s.request();
      b.attribute(
          OAuth2AuthorizationRequest.class.getName(),
          OAuth2AuthorizationRequest.authorizationCode()
              .authorizationUri(r.authorizationUri())
              .clientId(r.clientId())
              .redirectUri(r.redirectUri())
              .scopes(r.scopes())
              .state(r.state())
              .additionalParameters(r.additionalParameters())
              .build());
    }
    String value = token; // the value it was looked up by replaces that token's hash
    if (s.code() != null) {
      StoredToken c = s.code();
      String v = isType(type, OAuth2ParameterNames.CODE) ? value : c.hash();
      b.token(new OAuth2AuthorizationCode(v, c.issuedAt(), c.expiresAt()), m -> meta(m, c));
    }
    if (s.access() != null) {
      StoredToken t = s.access();
      String v = isType(type, OAuth2ParameterNames.ACCESS_TOKEN) ? value : t.hash();
      b.token(
          new OAuth2AccessToken(
              OAuth2AccessToken.TokenType.BEARER, v, t.issuedAt(), t.expiresAt(), t.scopes()),
          m -> meta(m, t));
    }
    if (s.idToken() != null) {
      StoredToken t = s.idToken();
      String v = isType(type, OidcParameterNames.ID_TOKEN) ? value : t.hash();
      b.token(new OidcIdToken(v, t.issuedAt(), t.expiresAt(), claims(t)), m -> meta(m, t));
    }
    return b.build();
  }

  private static boolean isType(OAuth2TokenType type, String name) {
    return type != null && type.getValue().equals(name);
  }

  private static void meta(Map<String, Object> metadata, StoredToken t) {
    metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, t.invalidated());
    if (!t.claims().isEmpty()) {
      metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims(t));
    }
  }

  private static Map<String, Object> claims(StoredToken t) {
    Map<String, Object> claims = new LinkedHashMap<>(t.claims());
    t.instants().forEach(k -> claims.computeIfPresent(k, (key, v) -> Instant.parse(v.toString())));
    return claims;
  }

  /** The latest of the tokens' expiries: until then the row is needed. */
  private Instant expiry(Stored s) {
    Instant latest = clock.instant();
    for (StoredToken t : new StoredToken[] {s.code(), s.access(), s.idToken()}) {
      if (t != null && t.expiresAt() != null && t.expiresAt().isAfter(latest)) {
        latest = t.expiresAt();
      }
    }
    return latest;
  }

  /** The stored form of a value: its hash, or the value itself when it is a stored hash. */
  static String hashed(String value) {
    return value.startsWith(HASHED) ? value : hash(value);
  }

  static String hash(String value) {
    try {
      return HASHED
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
