package io.berth.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The embedded issuer's Tapis token call, {@code POST /v3/oauth2/tokens} (JSON or form), and its
 * public keys at {@code /v3/oauth2/jwks}.
 */
@RestController
class TokenController {
  private final DevUsers users;
  private final TokenIssuer issuer;
  private final SiteKeys keys;
  private final AuthProperties auth;

  TokenController(DevUsers users, TokenIssuer issuer, SiteKeys keys, AuthProperties auth) {
    this.users = users;
    this.issuer = issuer;
    this.keys = keys;
    this.auth = auth;
  }

  /** Tapis's shape: {@code result.access_token.access_token}. */
  record AccessToken(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_at") String expiresAt,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("jti") String jti) {}

  record TokenResult(@JsonProperty("access_token") AccessToken accessToken) {}

  record JsonTokenRequest(
      @JsonProperty("username") String username,
      @JsonProperty("password") String password,
      @JsonProperty("grant_type") String grantType) {}

  /** 201 Created, as the Authenticator's spec says. */
  @PostMapping(value = "/v3/oauth2/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  Envelope<TokenResult> tokenFromJson(@RequestBody JsonTokenRequest request) {
    if (request == null) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    return token(request.username(), request.password(), request.grantType());
  }

  @PostMapping(value = "/v3/oauth2/tokens", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  Envelope<TokenResult> tokenFromForm(
      @RequestParam(required = false) String username,
      @RequestParam(required = false) String password,
      @RequestParam(name = "grant_type", required = false) String grantType) {
    return token(username, password, grantType);
  }

  @GetMapping("/v3/oauth2/jwks")
  Map<String, Object> jwks() {
    return keys.publicKeys().toJSONObject();
  }

  private Envelope<TokenResult> token(String username, String password, String grantType) {
    if (!auth.embeddedIssuer()) {
      throw ApiException.notFound("This site issues no tokens itself; use its identity provider.");
    }
    if (!"password".equals(grantType)) {
      throw ApiException.badRequest("Field grant_type must be password.");
    }
    if (username == null || password == null) {
      throw ApiException.badRequest("Fields username and password are required.");
    }
    Set<String> roles =
        users
            .authenticate(username, password)
            .orElseThrow(() -> ApiException.unauthorized("Invalid username/password combination."));
    TokenIssuer.Issued issued = issuer.issue(username, roles);
    return Envelope.ok(
        "Token created successfully.",
        new TokenResult(
            new AccessToken(
                issued.token(), issued.expiresAt().toString(), issued.expiresIn(), issued.jti())));
  }
}
