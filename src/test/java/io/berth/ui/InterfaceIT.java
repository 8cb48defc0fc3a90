package io.berth.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.Browser;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 19 items 2 and 3: the interface end to end in a real headless Chromium, against real pods
 * on Podman. Alice signs in, gets the API's message next to the field for a bad pod name, creates a
 * pod from {@code template/hello}, watches it become AVAILABLE on its page, reaches it through the
 * proxy, reads its logs, shares it with bob (who then sees it), stops and starts it; creates a
 * volume, uploads a file and downloads it again; signs out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class InterfaceIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "ui" + UUID.randomUUID().toString().substring(0, 6);
  static final int PORT = FreePort.find();
  static final int PROXY_PORT = FreePort.find();
  static final Path SHOTS = Path.of("target", "screenshots");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.port", () -> PORT);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1,bob:secret2,root:secret3:admin");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.reconciler.backoff-initial", () -> "200ms");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.pods.lifetime.activity-flush", () -> "500ms");
  }

  final String base = "http://localhost:" + PORT;
  ApiClient api;
  ChromeDriver browser;

  @BeforeAll
  void setUp() {
    api = new ApiClient(PORT);
    browser = Browser.start();
  }

  @AfterAll
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    String alice = api.token("alice", "secret1");
    for (JsonNode pod : api.get("/v3/pods", alice).result()) {
      api.delete("/v3/pods/" + pod.path("pod_id").asString(), alice);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  @Test
  void aResearcherWorksWithPodsAndVolumesInTheBrowser() throws Exception {
    browser.get(base + "/");
    signIn(browser, "alice", "secret1");
    waitFor(browser, ExpectedConditions.urlToBe(base + "/ui"));

    // a bad name: the API's message, next to the field, the form kept as it was
    // the gallery: the site's templates with their tags; "New pod from it" fills the form
    browser.findElement(By.id("nav-templates")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> {
          d.navigate().refresh(); // the site templates are imported as Berth starts
          return !d.findElements(By.id("new-from-hello")).isEmpty();
        });
    assertThat(browser.findElement(By.id("template-hello")).getText()).contains("hello:");
    Browser.screenshot(browser, SHOTS.resolve("ui-templates.png"));
    browser.findElement(By.id("new-from-hello")).click();
    browser.findElement(By.id("pod_id")).sendKeys("Hello_World");
    // the browser's own pattern check would stop the form first: the server's is the one tested
    browser.executeScript("document.getElementById('pod_id').removeAttribute('pattern')");
    browser.findElement(By.id("create")).click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("pod_id-error")))
                .getText())
        .contains("pod_id");
    assertThat(browser.findElement(By.id("pod_template")).getAttribute("value"))
        .isEqualTo("template/hello");

    // from a chosen tag of the stored template: the form carries it as the API's template field;
    // a tag that does not exist gets the API's message next to that field
    browser.findElement(By.id("nav-templates")).click();
    WebElement tagLink =
        browser.findElement(By.cssSelector("#template-hello .tags li:first-child"));
    tagLink.findElement(By.tagName("summary")).click();
    tagLink.findElement(By.className("new-from-tag")).click();
    String chosen = browser.findElement(By.id("template")).getAttribute("value");
    assertThat(chosen).startsWith("hello:");
    assertThat(browser.findElements(By.id("pod_template"))).isEmpty();
    browser.findElement(By.id("pod_id")).sendKeys("hello");
    browser.findElement(By.id("template")).clear();
    browser.findElement(By.id("template")).sendKeys("hello:nosuchtag");
    browser.findElement(By.id("create")).click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("template-error")))
                .getText())
        .contains("nosuchtag");
    Browser.screenshot(browser, SHOTS.resolve("ui-pod-new.png"));

    // from the chosen tag: the pod's page shows it coming up, pushed by the server
    browser.findElement(By.id("template")).clear();
    browser.findElement(By.id("template")).sendKeys(chosen);
    browser.findElement(By.id("create")).click();
    waitFor(browser, ExpectedConditions.urlToBe(base + "/ui/pods/hello"));
    new WebDriverWait(browser, Duration.ofSeconds(120))
        .until(ExpectedConditions.textToBe(By.id("status"), "AVAILABLE"));
    // pushed by the server, not polled: the page never fetched its status
    assertThat(
            browser.executeScript(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => e.name.endsWith('/status')).length"))
        .isEqualTo(0L);
    assertThat(firstEvent(base + "/ui/pods/hello/events", browser))
        .contains("event:status")
        .contains("\"status\":\"AVAILABLE\"");
    assertThat(
            api.get("/v3/pods/hello", api.token("alice", "secret1"))
                .result()
                .path("template_tag")
                .asString())
        .isEqualTo(chosen.substring("hello:".length()));
    String address = browser.findElement(By.id("address")).getAttribute("href");
    assertThat(address).startsWith("http://hello.pods.localhost:" + PROXY_PORT);
    browser.navigate().refresh();
    assertThat(browser.findElement(By.id("action-log")).getText()).contains("alice");
    Browser.screenshot(browser, SHOTS.resolve("ui-pod.png"));

    // its lifetime: the time left before time_to_stop, then an hour more from Extend; a refused
    // extension shows the API's message next to the button
    assertThat(browser.findElement(By.id("time-left")).getText()).contains("Stops in 11 h");
    browser.findElement(By.id("extend-pod")).click();
    waitFor(
        browser,
        ExpectedConditions.textToBePresentInElementLocated(By.id("time-left"), "Stops in 12 h"));
    waitFor(
        browser,
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("action-log"), "extended by 3600 s"));
    browser.executeScript("document.querySelector('#extend-seconds option').value = 'an hour'");
    browser.findElement(By.id("extend-pod")).click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("extend-error")))
                .getText())
        .contains("seconds");

    // its address, through the proxy
    browser.get(address);
    assertThat(browser.getPageSource()).contains("hello from a berth pod");
    browser.get(base + "/ui/pods/hello");
    assertThat(browser.findElement(By.id("logs")).isDisplayed()).isTrue();

    // sharing: bob is given USER, and then sees the pod
    browser.findElement(By.id("share-user")).sendKeys("bob");
    new Select(browser.findElement(By.id("share-level"))).selectByValue("USER");
    browser.findElement(By.id("grant")).click();
    waitFor(
        browser,
        ExpectedConditions.textToBePresentInElementLocated(By.id("permissions"), "bob:USER"));
    ChromeDriver bob = Browser.start();
    try {
      bob.get(base + "/ui");
      signIn(bob, "bob", "secret2");
      waitFor(bob, ExpectedConditions.presenceOfElementLocated(By.id("pod-hello")));
    } finally {
      bob.quit();
    }

    // stop, then start again
    browser.findElement(By.id("stop-pod")).click();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(ExpectedConditions.textToBe(By.id("status"), "STOPPED"));
    browser.findElement(By.id("start-pod")).click();
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .until(ExpectedConditions.textToBe(By.id("status"), "AVAILABLE"));

    // a volume: created from the form, a file uploaded into a folder and downloaded again
    browser.findElement(By.id("nav-volumes")).click();
    browser.findElement(By.id("volume_id")).sendKeys("notes");
    browser.findElement(By.id("size_limit")).sendKeys("20");
    browser.findElement(By.id("create-volume")).click();
    waitFor(browser, ExpectedConditions.urlToBe(base + "/ui/volumes/notes"));
    Path file = Files.createTempFile("berth-ui", ".txt");
    Files.writeString(file, "field notes, day 1\n");
    browser.findElement(By.id("upload-folder")).sendKeys("week1");
    browser.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
    browser.findElement(By.id("upload-button")).click();
    // the page goes to the folder the file went into
    String name = file.getFileName().toString();
    WebElement link =
        waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.linkText(name)));
    assertThat(browser.getCurrentUrl()).endsWith("/ui/volumes/notes?path=week1");
    HttpResponse<String> download =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(link.getAttribute("href")))
                    .header(
                        "Cookie",
                        "berth_ui=" + browser.manage().getCookieNamed("berth_ui").getValue())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("field notes, day 1\n");

    // a new folder (a second one by that name: the API's 409 next to the field), the file
    // renamed into it, and the old folder deleted after the second click
    browser.findElement(By.id("folder-name")).sendKeys("drafts");
    browser.findElement(By.id("make-folder")).click();
    waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.linkText("drafts/")));
    browser.findElement(By.id("folder-name")).sendKeys("drafts");
    browser.findElement(By.id("make-folder")).click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("folder-error")))
                .getText())
        .contains("week1/drafts already exists");
    WebElement row = browser.findElement(By.cssSelector("tr[data-path='week1/" + name + "']"));
    row.findElement(By.cssSelector("details.rename summary")).click();
    WebElement to = row.findElement(By.name("destination"));
    to.clear();
    to.sendKeys("week1/drafts/day1.txt");
    to.submit();
    waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.linkText("day1.txt")));
    assertThat(browser.getCurrentUrl()).endsWith("?path=week1/drafts");
    Browser.screenshot(browser, SHOTS.resolve("ui-volume.png"));

    // a snapshot of the volume, taken from its page; it keeps the file the volume then loses
    browser.findElement(By.id("take-snapshot")).click();
    assertThat(
            new Select(browser.findElement(By.id("source_volume_id")))
                .getFirstSelectedOption()
                .getText())
        .isEqualTo("notes");
    browser.findElement(By.id("snapshot_id")).sendKeys("Bad Name");
    browser.findElement(By.id("create-snapshot")).click();
    assertThat(
            waitFor(
                    browser,
                    ExpectedConditions.presenceOfElementLocated(By.id("snapshot_id-error")))
                .getText())
        .contains("snapshot_id");
    browser.findElement(By.id("snapshot_id")).clear();
    browser.findElement(By.id("snapshot_id")).sendKeys("day1snap");
    browser.findElement(By.id("create-snapshot")).click();
    waitFor(browser, ExpectedConditions.urlToBe(base + "/ui/snapshots/day1snap"));
    Browser.screenshot(browser, SHOTS.resolve("ui-snapshot.png"));

    browser.get(base + "/ui/volumes/notes");
    WebElement week1 = browser.findElement(By.cssSelector("tr[data-path='week1']"));
    week1.findElement(By.cssSelector("details.delete summary")).click();
    week1.findElement(By.cssSelector("details.delete button")).click();
    waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("no-files")));
    assertThat(api.get("/v3/pods/volumes/notes/list", api.token("alice", "secret1")).result())
        .isEmpty();
    browser.findElement(By.id("nav-snapshots")).click();
    browser.findElement(By.linkText("day1snap")).click();
    assertThat(browser.findElement(By.id("files")).getText()).contains("week1/drafts/day1.txt");
    browser.findElement(By.cssSelector("#delete summary")).click();
    browser.findElement(By.id("delete-snapshot")).click();
    waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("no-snapshots")));

    // back to the pods, then sign out
    browser.get(base + "/ui");
    Browser.screenshot(browser, SHOTS.resolve("ui-pods.png"));
    // the list's statuses are pushed too: the pod stopped for idleness (a 2 s idle_timeout set
    // through the API) shows as sleeping without a reload, and its page says why
    browser.executeScript("document.body.dataset.loaded = 'yes'");
    assertThat(
            api.put("/v3/pods/hello", "{\"idle_timeout\": 2}", api.token("alice", "secret1"))
                .status())
        .isEqualTo(200);
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(ExpectedConditions.textToBe(By.cssSelector("#pod-hello .status"), "SLEEPING"));
    assertThat(browser.executeScript("return document.body.dataset.loaded")).isEqualTo("yes");
    browser.findElement(By.linkText("hello")).click();
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("SLEEPING");
    assertThat(browser.findElement(By.id("sleeping")).getText()).contains("2 s");
    assertThat(browser.findElements(By.id("extend"))).isEmpty();
    // the site page is for site admins only
    assertThat(browser.findElements(By.id("nav-admin"))).isEmpty();
    browser.get(base + "/ui/admin");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403");
    // the refusal keeps the common header: who is signed in, the sections, sign-out
    assertThat(browser.findElement(By.cssSelector("header .user")).getText()).startsWith("alice");
    assertThat(browser.findElement(By.id("nav-volumes")).isDisplayed()).isTrue();
    browser.get(base + "/ui");
    browser.findElement(By.id("sign-out")).click();
    waitFor(browser, ExpectedConditions.urlToBe(base + "/login?signed-out"));
    browser.get(base + "/ui/pods/hello");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");

    // the site's admin sees every tenant's pods and volumes and the quotas of its users
    browser.get(base + "/ui/admin");
    signIn(browser, "root", "secret3");
    waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("tenants")));
    assertThat(browser.findElement(By.id("nav-admin")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("quotas")).getText()).contains("alice");

    // quotas set from the form: a bad number gets the API's rule next to its field, then alice's
    // pods limit is set and shown as her own
    browser.findElement(By.id("quota-user")).sendKeys("alice");
    browser.findElement(By.id("quota-pods")).sendKeys("many");
    browser.findElement(By.id("set-quotas")).click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("pods-error")))
                .getText())
        .contains("Field pods must be a whole number");
    assertThat(browser.findElement(By.id("quota-user")).getAttribute("value")).isEqualTo("alice");
    browser.findElement(By.id("quota-pods")).clear();
    browser.findElement(By.id("quota-pods")).sendKeys("7");
    browser.findElement(By.id("quota-volume_mb")).sendKeys("-1");
    browser.findElement(By.id("set-quotas")).click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("volume_mb-error")))
                .getText())
        .contains("volume_mb");
    browser.findElement(By.id("quota-volume_mb")).clear();
    browser.findElement(By.id("set-quotas")).click();
    waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("quotas-outcome")));
    assertThat(browser.findElement(By.id("quota-alice")).getText()).contains("of 7 (set)");

    // a backup made from the page, listed, and verified by restoring it into scratch
    browser.findElement(By.id("create-backup")).click();
    assertThat(
            new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("backups-outcome")))
                .getText())
        .contains("created");
    browser.findElement(By.cssSelector("#backup-list .verify-backup")).click();
    // the page before the click already shows an outcome ("created"): wait for the new one by its
    // text, re-finding it, since the old element goes stale when the answer replaces the page
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("backups-outcome"), "verified"));

    // the probe, run from the page: its report replaces "not run yet"
    assertThat(browser.findElements(By.id("no-probe"))).hasSize(1);
    browser.findElement(By.id("run-probe")).click();
    assertThat(
            new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("probe-outcome")))
                .getText())
        .startsWith("The probe");
    assertThat(browser.findElement(By.id("probe-report")).getText()).contains("create");
    Browser.screenshot(browser, SHOTS.resolve("ui-admin.png"));

    // the scheduled jobs, and one job's history: the backup made above is its last run
    WebElement backupJob = browser.findElement(By.cssSelector("#job-backup a"));
    assertThat(browser.findElement(By.id("job-backup")).getText()).contains("SUCCESS");
    backupJob.click();
    assertThat(
            waitFor(browser, ExpectedConditions.presenceOfElementLocated(By.id("runs"))).getText())
        .contains("SUCCESS")
        .contains("by hand");
  }

  /** The first event of a status stream, read with the browser's session cookie. */
  static String firstEvent(String url, ChromeDriver driver) throws Exception {
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header(
                        "Cookie",
                        "berth_ui=" + driver.manage().getCookieNamed("berth_ui").getValue())
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    try (var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
      StringBuilder event = new StringBuilder();
      for (String line; (line = lines.readLine()) != null && !line.isEmpty(); ) {
        event.append(line).append('\n');
      }
      return event.toString();
    }
  }

  static void signIn(ChromeDriver driver, String user, String password) {
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
  }

  static <T> T waitFor(
      ChromeDriver driver, org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
  }
}
