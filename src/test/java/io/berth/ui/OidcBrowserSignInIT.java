package io.berth.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.Browser;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 19: sign-in in a real headless Chromium through a real OIDC provider (mock-oauth2-server
 * over HTTP) for a tenant whose users come from it: authorization code with PKCE, the access token
 * checked as the API checks it, the user's pods page under the tenant's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OidcBrowserSignInIT {
  static final Path home = TestDatabase.newHome();
  static final int PORT = FreePort.find();
  static final MockOAuth2Server OIDC = started();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.port", () -> PORT);
    registry.add("berth.proxy.port", FreePort::find);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.auth.tenants[0].tenant-id", () -> "science");
    registry.add("berth.auth.tenants[0].issuer", () -> OIDC.issuerUrl("science").toString());
    registry.add("berth.auth.tenants[0].jwks-url", () -> OIDC.jwksUrl("science").toString());
    registry.add("berth.auth.tenants[0].audience", () -> "berth");
    registry.add("berth.browser.clients.science.client-id", () -> "berth");
    registry.add("berth.browser.clients.science.client-secret", () -> "berth-secret");
  }

  static MockOAuth2Server started() {
    MockOAuth2Server server = new MockOAuth2Server();
    server.start();
    return server;
  }

  ChromeDriver browser;

  /** The provider's next recorded request, or null when none is left. */
  static RecordedRequest recorded() {
    try {
      return OIDC.takeRequest(1, TimeUnit.SECONDS);
    } catch (RuntimeException none) {
      return null;
    }
  }

  final String base = "http://localhost:" + PORT;

  @BeforeAll
  void setUp() {
    browser = Browser.start();
  }

  @AfterAll
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    OIDC.shutdown();
  }

  @Test
  void aTenantsUserSignsInThroughItsIssuerWithPkce() throws Exception {
    // the provider's next tokens: Berth's client, the user dana (an access token, as Keycloak
    // marks them with typ Bearer)
    OIDC.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "science",
            "dana",
            "JWT",
            List.of("berth"),
            Map.of("preferred_username", "dana", "typ", "Bearer"),
            600));
    browser.get(base + "/ui");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
    browser.findElement(By.id("oidc-science")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.urlToBe(base + "/ui"));
    assertThat(browser.findElement(By.cssSelector(".who .user")).getText())
        .isEqualTo("dana · science");
    assertThat(browser.findElement(By.id("no-pods")).isDisplayed()).isTrue();

    List<String> authorizeRequests = new ArrayList<>();
    for (RecordedRequest r; (r = recorded()) != null; ) {
      if (r.getPath() != null && r.getPath().contains("/authorize")) {
        authorizeRequests.add(r.getPath());
      }
    }
    assertThat(authorizeRequests).hasSize(1);
    assertThat(authorizeRequests.getFirst())
        .contains("client_id=berth")
        .contains("code_challenge=")
        .contains("code_challenge_method=S256");

    browser.findElement(By.id("sign-out")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlToBe(base + "/login?signed-out"));
  }
}
