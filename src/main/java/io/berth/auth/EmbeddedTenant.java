package io.berth.auth;

import io.berth.config.BerthProperties;
import org.springframework.stereotype.Component;

/** The tenant the embedded issuer serves: its id, base URL and issuer name. */
@Component
public class EmbeddedTenant {
  private final String id;
  private final String baseUrl;

  public EmbeddedTenant(AuthProperties auth, BerthProperties berth) {
    this.id = auth.tenant();
    String base =
        auth.baseUrl() == null || auth.baseUrl().isBlank()
            ? "http://localhost:" + berth.port()
            : auth.baseUrl();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String id() {
    return id;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The claim that names this Berth in its own tokens. Not {@code aud}: Tapis's tokens have none,
   * and PyJWT (tapipy's {@code validate_token}) refuses a token with an {@code aud} it was not told
   * to expect.
   */
  public static final String AUDIENCE_CLAIM = "berth/audience";

  /**
   * What the embedded issuer's access tokens name in {@code berth/audience} (or, as before, {@code
   * aud}): this Berth, by its base URL. A token signed with the site key that does not name it (a
   * proxy session, say) is no API token.
   */
  public String audience() {
    return baseUrl;
  }

  /** Tapis names its token service as the issuer. */
  public String issuer() {
    return baseUrl + "/v3/tokens";
  }
}
