package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 19: the OpenID provider's codes in the database. Two providers (two Berth processes) on one
 * database: a code one issued is found by the other, redeemed once, and the loser of a race gets
 * invalid_grant; values are stored hashed; expired rows are swept.
 */
class DatabaseAuthorizationsTest {
  static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);
  final FakeClock clock = new FakeClock(Instant.now());
  final RegisteredClient client =
      RegisteredClient.withId("notebook")
          .clientId("notebook")
          .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
          .redirectUri("http://127.0.0.1:9/callback")
          .scope("openid")
          .build();
  JdbcClient jdbc;
  DatabaseAuthorizations first;
  DatabaseAuthorizations second;

  @BeforeEach
  void setUp() throws Exception {
    JdbcDataSource db = new JdbcDataSource();
    db.setURL(
        "jdbc:h2:mem:oidc-"
            + System.nanoTime()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    JdbcTemplate template = new JdbcTemplate(db);
    String migration =
        Files.readString(Path.of("src/main/resources/db/migration/V141__oidc_authorizations.sql"))
            .replaceAll("(?m)^--.*$", "");
    for (String statement : migration.split(";")) {
      if (!statement.isBlank()) {
        template.execute(statement);
      }
    }
    jdbc = JdbcClient.create(db);
    InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(client);
    // strict, as the application's mapper is
    JsonMapper json =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    first = new DatabaseAuthorizations(jdbc, clients, json, clock);
    second = new DatabaseAuthorizations(JdbcClient.create(db), clients, json, clock);
  }

  @Test
  void aCodeIssuedByOneProcessIsRedeemedOnceByAnother() {
    first.save(issued("id-1", "the-code-value"));

    // stored hashed: the value is nowhere in the row
    String row =
        jdbc.sql("select code_hash || ' ' || body from oidc_authorizations")
            .query(String.class)
            .single();
    assertThat(row)
        .doesNotContain("the-code-value")
        .contains(DatabaseAuthorizations.hash("the-code-value"));

    // the other process finds it by the code, with what the token endpoint needs
    OAuth2Authorization found = second.findByToken("the-code-value", CODE);
    assertThat(found).isNotNull();
    assertThat(found.getToken(OAuth2AuthorizationCode.class).isActive()).isTrue();
    assertThat(found.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue())
        .isEqualTo("the-code-value");
    OAuth2AuthorizationRequest request =
        found.getAttribute(OAuth2AuthorizationRequest.class.getName());
    assertThat(request.getAdditionalParameters()).containsEntry("code_challenge", "abc");
    Authentication principal = found.getAttribute(Principal.class.getName());
    assertThat(principal.getPrincipal()).isEqualTo(new Caller("default", "alice", Set.of()));

    // both processes loaded it while the code was unspent: the first redemption wins, the other
    // is refused, so the code is redeemed once
    OAuth2Authorization stale = first.findByToken("the-code-value", CODE);
    second.save(redeemed(found, "access-2"));
    assertThatThrownBy(() -> first.save(redeemed(stale, "access-1")))
        .isInstanceOf(OAuth2AuthenticationException.class)
        .hasMessageContaining("already used");

    // afterwards the code is spent for everyone; the issued token is found by its value
    assertThat(
            first
                .findByToken("the-code-value", CODE)
                .getToken(OAuth2AuthorizationCode.class)
                .isInvalidated())
        .isTrue();
    OAuth2Authorization byToken = first.findByToken("access-2", OAuth2TokenType.ACCESS_TOKEN);
    assertThat(byToken.getAccessToken().getToken().getTokenValue()).isEqualTo("access-2");
    assertThat(byToken.getAccessToken().isActive()).isTrue();
    assertThat(byToken.getToken(OidcIdToken.class).getToken().getSubject())
        .isEqualTo("alice@default");
    assertThat(first.findByToken("access-1", OAuth2TokenType.ACCESS_TOKEN)).isNull();
    // a stored hash presented as a token finds nothing
    assertThat(first.findByToken(DatabaseAuthorizations.hash("the-code-value"), CODE)).isNull();
  }

  @Test
  void expiredAuthorizationsAreSweptAsNewOnesAreWritten() {
    first.save(issued("old", "old-code"));
    clock.advance(Duration.ofMinutes(2));
    second.save(issued("new", "new-code"));
    assertThat(jdbc.sql("select id from oidc_authorizations").query(String.class).list())
        .containsExactly("new");
  }

  OAuth2Authorization issued(String id, String code) {
    Instant now = clock.instant();
    OAuth2AuthorizationRequest request =
        OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri("http://localhost/oauth2/authorize")
            .clientId("notebook")
            .redirectUri("http://127.0.0.1:9/callback")
            .scopes(Set.of("openid"))
            .state("st4te")
            .additionalParameters(Map.of("code_challenge", "abc", "code_challenge_method", "S256"))
            .build();
    return OAuth2Authorization.withRegisteredClient(client)
        .id(id)
        .principalName("alice")
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .authorizedScopes(Set.of("openid"))
        .attribute(
            Principal.class.getName(),
            BrowserSession.authentication(
                new Caller("default", "alice", Set.of()), "FACTOR_PASSWORD"))
        .attribute(OAuth2AuthorizationRequest.class.getName(), request)
        .token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(60)))
        .build();
  }

  /** What the token endpoint saves: the code spent, the tokens it issued. */
  OAuth2Authorization redeemed(OAuth2Authorization authorization, String access) {
    Instant now = clock.instant();
    OAuth2Authorization.Builder b = OAuth2Authorization.from(authorization);
    b.token(
        new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER,
            access,
            now,
            now.plusSeconds(600),
            Set.of("openid")),
        m ->
            m.put(
                OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
                Map.of("sub", "alice@default", "iat", now, "nbf", now)));
    b.token(
        new OidcIdToken(
            "id-" + access,
            now,
            now.plusSeconds(600),
            Map.of("sub", "alice@default", "aud", List.of("notebook"), "iat", now)));
    b.invalidate(authorization.getToken(OAuth2AuthorizationCode.class).getToken());
    return b.build();
  }
}
