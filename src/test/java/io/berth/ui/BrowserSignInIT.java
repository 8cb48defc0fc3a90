package io.berth.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.Browser;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 19, browser sign-in, in a real headless Chromium: the embedded issuer's login page, the
 * API's message next to the field for a bad password, the pod list after sign-in, the session
 * cookie's flags, the API refusing that cookie, and sign-out; a gated pod reached through the proxy
 * after sign-in (sent to sign in without), and the proxy's pages for a pod in ERROR, stopped (Start
 * through Berth's CSRF-protected form) and starting (reloading until the pod answers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class BrowserSignInIT {
  static final Path home = TestDatabase.newHome();
  static final int PORT = FreePort.find();
  static final Path SHOTS = Path.of("target", "screenshots");
  static final int PROXY_PORT = FreePort.find();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.port", () -> PORT);
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.dev-users", () -> "alice:secret1,bob:secret2");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
  }

  @Autowired JdbcClient jdbc;
  ApiClient api;
  ChromeDriver browser;
  HttpServer pod;
  final String base = "http://localhost:" + PORT;

  @BeforeAll
  void setUp() {
    api = new ApiClient(PORT);
    browser = Browser.start();
  }

  /** A stand-in for a pod's web server: says what it was asked and what it was told. */
  void startPod() throws IOException {
    pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pod.createContext(
        "/",
        exchange -> {
          String cookie = exchange.getRequestHeaders().getFirst("Cookie");
          byte[] body =
              ("<!doctype html><title>pod</title><p id=seen>path="
                      + exchange.getRequestURI()
                      + " user="
                      + exchange.getRequestHeaders().getFirst("X-Seen-User")
                      + " cookie="
                      + cookie
                      + "</p>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    pod.start();
  }

  void status(String podId, String status, String container) {
    jdbc.sql("update pods set status = ?, status_container = ? where pod_id = ?")
        .params(status, container, podId)
        .update();
  }

  String endpoint() {
    return "{\"state\":\"running\",\"endpoints\":{\"8000\":\"127.0.0.1:"
        + pod.getAddress().getPort()
        + "\"}}";
  }

  @AfterAll
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    if (pod != null) {
      pod.stop(0);
    }
  }

  @Test
  void signInSeeOnesPodsAndSignOut() throws Exception {
    String alice = api.token("alice", "secret1");
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"notebook\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"description\":\"Alice's notebook\"}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String bob = api.token("bob", "secret2");
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"bobs\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\"}",
                    bob)
                .status())
        .isEqualTo(200);

    signedOut();
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
    assertThat(browser.getTitle()).isEqualTo("Sign in · Berth");
    Browser.screenshot(browser, SHOTS.resolve("ui-login.png"));

    signIn("alice", "wrong");
    assertThat(browser.getCurrentUrl()).startsWith(base + "/login");
    assertThat(browser.findElement(By.id("login-error")).getText())
        .isEqualTo("Invalid username/password combination.");

    signIn("alice", "secret1");
    wait(ExpectedConditions.urlToBe(base + "/ui"));
    assertThat(browser.findElement(By.cssSelector("#pod-notebook .pod-id")).getText())
        .isEqualTo("notebook");
    assertThat(browser.findElement(By.cssSelector("#pod-notebook .status")).getText())
        .isEqualTo("REQUESTED");
    assertThat(browser.findElement(By.id("pod-notebook")).getText())
        .contains("http://notebook.pods.localhost:")
        .contains("Alice's notebook");
    assertThat(browser.findElements(By.id("pod-bobs"))).as("bob's pod").isEmpty();
    Browser.screenshot(browser, SHOTS.resolve("ui-pods.png"));

    Cookie session = browser.manage().getCookieNamed("berth_ui");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    // the browser's session is no API credential
    HttpResponse<String> withCookie =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/v3/pods"))
                    .header("Cookie", "berth_ui=" + session.getValue())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(withCookie.statusCode()).isEqualTo(401);

    browser.findElement(By.id("sign-out")).click();
    wait(ExpectedConditions.urlToBe(base + "/login?signed-out"));
    browser.get(base + "/ui");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
  }

  @Test
  void aStateChangingFormWithoutItsCsrfTokenIsRefused() throws Exception {
    // sign-out without the page's token: refused, and the sign-in form too
    HttpResponse<String> logout =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=secret1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).isEqualTo(403);
  }

  @Test
  void aGatedPodIsReachedAfterSignInAndNotWithout() throws Exception {
    startPod();
    String alice = api.token("alice", "secret1");
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"gated\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":8000,"
                + "\"tapis_auth\":true,"
                + "\"tapis_auth_response_headers\":{\"X-Seen-User\":\"<<tapisusername>>\"}}}}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    status("gated", "AVAILABLE", endpoint());
    String podUrl = "http://gated.pods.localhost:" + PROXY_PORT;
    ChromeDriver other = Browser.start();
    try {
      // without a session: off to Berth's sign-in, and back to the page asked for after it
      signedOut();
      await(() -> {
        browser.get(podUrl + "/notes?x=1");
        return browser.getCurrentUrl().startsWith(base + "/login");
      });
      signIn("alice", "secret1");
      wait(ExpectedConditions.urlToBe(podUrl + "/notes?x=1"));
      String seen = browser.findElement(By.id("seen")).getText();
      assertThat(seen).contains("path=/notes?x=1").contains("user=alice");
      assertThat(seen).doesNotContain("berth_");
      Cookie proxySession = browser.manage().getCookieNamed("berth_session");
      assertThat(proxySession.isHttpOnly()).isTrue();
      // the proxy session is no API credential either
      assertThat(api.get("/v3/pods", proxySession.getValue()).status()).isEqualTo(401);

      // bob, signed in but with no right on the pod, is refused with the gate's reason
      other.get(podUrl + "/");
      other.findElement(By.id("username")).sendKeys("bob");
      other.findElement(By.id("password")).sendKeys("secret2");
      other.findElement(By.id("sign-in")).click();
      new WebDriverWait(other, Duration.ofSeconds(20))
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.field-error")));
      assertThat(other.findElement(By.cssSelector("p.field-error")).getText())
          .contains("holds no permission on pod gated");
      assertThat(other.getCurrentUrl()).startsWith(base);
    } finally {
      other.quit();
    }
  }

  @Test
  void aStoppedPodOffersStartAndAStartingOneReloadsUntilItAnswers() throws Exception {
    if (pod == null) {
      startPod();
    }
    String alice = api.token("alice", "secret1");
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"sleepy\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":8000}}}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    signedOut();
    status("sleepy", "ERROR", "{\"state\":\"exited\",\"reason\":\"the image has no shell\"}");
    String podUrl = "http://sleepy.pods.localhost:" + PROXY_PORT;
    await(() -> {
      browser.get(podUrl + "/");
      return !browser.findElements(By.id("pod-error")).isEmpty();
    });
    assertThat(browser.findElement(By.id("pod-error")).getText())
        .contains("the image has no shell");

    status("sleepy", "STOPPED", "{}");
    await(() -> {
      browser.get(podUrl + "/");
      return !browser.findElements(By.id("pod-stopped")).isEmpty();
    });
    Browser.screenshot(browser, SHOTS.resolve("proxy-stopped.png"));
    browser.findElement(By.id("start")).click();
    if (browser.getCurrentUrl().startsWith(base + "/login")) {
      signIn("alice", "secret1");
    }
    wait(ExpectedConditions.urlToBe(base + "/ui/pods/sleepy/start"));
    browser.findElement(By.id("start")).click();
    wait(ExpectedConditions.urlToBe(podUrl + "/"));
    assertThat(api.get("/v3/pods/sleepy", alice).result().path("status_requested").asString())
        .isEqualTo("ON");

    status("sleepy", "CREATING", "{}");
    await(() -> {
      browser.get(podUrl + "/");
      return !browser.findElements(By.id("pod-starting")).isEmpty();
    });
    // the page reloads itself: the pod's own answer replaces it once it is AVAILABLE
    status("sleepy", "AVAILABLE", endpoint());
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("seen")));
  }

  /** Forgets Berth's session (cookies are per host: this one is Berth's). */
  void signedOut() {
    browser.get(base + "/login");
    browser.manage().deleteAllCookies();
  }

  void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(300))
        .until(condition);
  }

  void signIn(String user, String password) {
    browser.findElement(By.id("username")).clear();
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
  }

  <T> T wait(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
    return new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
  }
}
