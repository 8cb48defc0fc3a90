package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Idle pods with real containers and real clients through Berth's proxy: an HTTP pod and a tcp pod
 * with a 3 s idle_timeout stay up while used, are stopped once idle (reason idle, data kept, the
 * owner's warning webhook first), and extending or shortening time_to_stop moves the stop at once.
 * Asleep, each is woken by a request or a connection that waits for it and gets its real answer; a
 * connection to a pod that does not answer within the wake timeout is closed cleanly.
 */
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdleStopIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "idle" + UUID.randomUUID().toString().substring(0, 6);
  static final int PROXY_PORT = FreePort.find();
  static final int TCP_FIRST = 33000 + (int) (ProcessHandle.current().pid() % 400) * 2;
  static final List<String> webhooks = new CopyOnWriteArrayList<>();
  static final Duration WAKE_TIMEOUT = Duration.ofSeconds(12);
  static final HttpServer hook = webhook();

  static HttpServer webhook() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
              webhooks.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "500ms");
    registry.add("berth.runtime.stop-timeout", () -> "1s");
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.proxy.tcp-port-range", () -> TCP_FIRST + "-" + (TCP_FIRST + 10));
    registry.add("berth.proxy.wake-timeout", () -> WAKE_TIMEOUT.toSeconds() + "s");
    registry.add("berth.pods.lifetime.activity-flush", () -> "300ms");
    registry.add("berth.pods.lifetime.stop-warning", () -> "1h");
    registry.add("berth.status.enabled", () -> "false");
    Path status = home.resolve("status.yaml");
    Files.createDirectories(home);
    Files.writeString(
        status,
        "alerting:\n  webhook: {url: \"http://127.0.0.1:"
            + hook.getAddress().getPort()
            + "/hook\"}\n");
    registry.add("berth.status.config", status::toString);
    Path templates = Files.createDirectories(home.resolve("templates"));
    for (String protocol : List.of("http", "tcp")) {
      Files.writeString(
          templates.resolve(protocol + "data.yaml"),
          """
          name: %sdata
          description: busybox httpd serving its persistent data directory
          image: localhost/berth-test/busybox-httpd:1
          networking:
            default: {protocol: %s, port: 5000}
          readiness: {type: tcp, timeout_seconds: 30}
          data_paths: [/www]
          idle_timeout: 3
          """
              .formatted(protocol, protocol));
    }
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @LocalServerPort int port;
  ApiClient api;
  String alice;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
  }

  @AfterAll
  void tearDown() {
    for (JsonNode pod : api.get("/v3/pods", alice).result()) {
      api.delete("/v3/pods/" + pod.path("pod_id").asString() + "?delete_data=true", alice);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
    hook.stop(0);
  }

  JsonNode pod(String id) {
    return api.get("/v3/pods/" + id, alice).result();
  }

  void awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(pod(id).path("status").asString()).isEqualTo(status));
  }

  /**
   * A running pod of {@code template} with a file in its data; it never idles until {@link
   * #idleAfter3s} (writing the file must not race its stop on a slow machine).
   */
  void startWithData(String id, String template) {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\""
                + id
                + "\",\"pod_template\":\"template/"
                + template
                + "\",\"idle_timeout\":-1}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    awaitStatus(id, "AVAILABLE");
    TestEngine.podman(
        "exec", "berth-" + SITE + "-default-" + id, "/bin/sh", "-c", "echo kept > /www/data.txt");
  }

  void idleAfter3s(String id) {
    Reply changed = api.put("/v3/pods/" + id, "{\"idle_timeout\": 3}", alice);
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
  }

  @Test
  void aPodTakesItsTemplatesIdleTimeout() {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"asleep\",\"pod_template\":\"template/httpdata\","
                + "\"status_requested\":\"OFF\"}",
            alice);
    assertThat(created.result().path("idle_timeout").asInt()).isEqualTo(3);
  }

  /** An HTTP request for /data.txt, by Host through the proxy or on a tcp route's port. */
  static String get(int port, String host) throws IOException {
    return get(port, host, "*/*");
  }

  /** As {@link #get(int, String)}, accepting {@code accept} (text/html: a browser). */
  static String get(int port, String host, String accept) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) WAKE_TIMEOUT.plusSeconds(5).toMillis()); // a wake may be waited
      socket
          .getOutputStream()
          .write(
              ("GET /data.txt HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nAccept: "
                      + accept
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static CompletableFuture<String> getLater(int port, String host) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return get(port, host);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  List<String> actionLog(String id) {
    return api.get("/v3/pods/" + id + "/logs", alice)
        .result()
        .path("action_logs")
        .valueStream()
        .map(JsonNode::asString)
        .toList();
  }

  /**
   * The pod was started once, by traffic (it answered; idle again 3 s later, it may be stopping
   * again by now).
   */
  void wokenOnce(String id) {
    assertThat(actionLog(id))
        .filteredOn(l -> l.contains("woken by a connection to default"))
        .hasSize(1);
  }

  void stoppedForIdlenessWithItsWarningFirst(String id) {
    awaitStatus(id, "STOPPED");
    JsonNode stopped = pod(id);
    assertThat(stopped.path("status_requested").asString()).isEqualTo("OFF");
    assertThat(stopped.path("stop_reason").asString()).isEqualTo("idle");
    assertThat(stopped.path("last_activity_ts").isNull()).isFalse();
    List<String> log = actionLog(id);
    assertThat(log).anySatisfy(l -> assertThat(l).contains("warning: stops at", "for idleness"));
    assertThat(log).anySatisfy(l -> assertThat(l).contains("idle: no traffic since", "data kept"));
    assertThat(webhooks)
        .anySatisfy(w ->
            assertThat(w)
                .contains("\"event\":\"pod_stop_warning\"", "\"pod_id\":\"" + id + "\"")
                .contains("\"reason\":\"idle\"", "\"owner\":\"alice\""));
  }

  @Test
  void anHttpPodStaysUpWhileUsedStopsWhenIdleAndKeepsItsData() throws Exception {
    startWithData("webidle", "httpdata");
    String host = "webidle.pods.localhost";
    assertThat(get(PROXY_PORT, host)).startsWith("HTTP/1.1 200").contains("kept");
    idleAfter3s("webidle");
    // used every 0.5 s for longer than its timeout: it stays up
    Instant until = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(until)) {
      assertThat(get(PROXY_PORT, host)).startsWith("HTTP/1.1 200").contains("kept");
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    }
    assertThat(pod("webidle").path("status").asString()).isEqualTo("AVAILABLE");

    // extending moves time_to_stop_ts at once; so does a new time_to_stop_instance
    Instant stop = Instant.parse(pod("webidle").path("time_to_stop_ts").asString());
    Reply extended = api.post("/v3/pods/webidle/extend", "{\"seconds\": 600}", alice);
    assertThat(extended.status()).as(extended.text()).isEqualTo(200);
    assertThat(Instant.parse(extended.result().path("time_to_stop_ts").asString()))
        .isEqualTo(stop.plusSeconds(600));
    Instant started = Instant.parse(pod("webidle").path("start_instance_ts").asString());
    api.put("/v3/pods/webidle", "{\"time_to_stop_instance\": 900}", alice);
    assertThat(Instant.parse(pod("webidle").path("time_to_stop_ts").asString()))
        .isEqualTo(started.plusSeconds(900));

    stoppedForIdlenessWithItsWarningFirst("webidle");
    // asleep: a browser wakes it and is told it starts; API clients' requests, several at once,
    // wait for it and get its real answer; it started once
    assertThat(get(PROXY_PORT, host, "text/html"))
        .startsWith("HTTP/1.1 503")
        .contains("webidle is starting");
    List<CompletableFuture<String>> burst =
        List.of(getLater(PROXY_PORT, host), getLater(PROXY_PORT, host), getLater(PROXY_PORT, host));
    for (CompletableFuture<String> reply : burst) {
      assertThat(reply.get()).startsWith("HTTP/1.1 200").contains("kept");
    }
    wokenOnce("webidle");
  }

  @Test
  void aTcpPodWhoseOnlyConnectionIsSilentStopsAndKeepsItsData() throws Exception {
    startWithData("tcpidle", "tcpdata");
    String url = pod("tcpidle").path("networking").path("default").path("url").asString();
    int tcpPort = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(get(tcpPort, "x")).contains("kept"));
    idleAfter3s("tcpidle");
    // a pooled connection, open and silent: not activity
    try (Socket silent = new Socket("127.0.0.1", tcpPort)) {
      stoppedForIdlenessWithItsWarningFirst("tcpidle");
      silent.setSoTimeout(5000);
      assertThat(silent.getInputStream().read()).as("closed with its pod").isEqualTo(-1);
    }
    // meanwhile, a connection to a pod that wakes on connect but does not answer in time
    CompletableFuture<Duration> heldPastTheBound = heldUntilClosed(slowToWake());
    // asleep: a connection wakes it, waits unread and is relayed to the real service
    assertThat(get(tcpPort, "x")).contains("kept");
    wokenOnce("tcpidle");

    assertThat(heldPastTheBound.get())
        .as("closed once the wake timeout passed")
        .isBetween(WAKE_TIMEOUT.minusSeconds(1), WAKE_TIMEOUT.plusSeconds(10));
  }

  /**
   * The port of a stopped pod with wake_on_connect whose container never listens (its readiness
   * waits 30 s, longer than the wake timeout).
   */
  int slowToWake() {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"slowwake\",\"pod_template\":\"template/tcpdata\","
                + "\"status_requested\":\"OFF\",\"wake_on_connect\":true,\"idle_timeout\":-1,"
                + "\"command\":[\"sleep\",\"3600\"]}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.result().path("wake_on_connect").asBoolean()).isTrue();
    String url = created.result().path("networking").path("default").path("url").asString();
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  /**
   * A client that connects, sends a first message as a database client would and waits for an
   * answer: how long until the proxy closed the connection (cleanly: an end of stream, no reset).
   */
  static CompletableFuture<Duration> heldUntilClosed(int port) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = connectOnceListening(port)) {
        long start = System.nanoTime();
        socket.setSoTimeout((int) WAKE_TIMEOUT.plusSeconds(20).toMillis());
        socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        return Duration.ofNanos(System.nanoTime() - start);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** A connection to a new pod's port once the proxy listens there (within a refresh). */
  static Socket connectOnceListening(int port) {
    Socket[] socket = new Socket[1];
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(java.net.ConnectException.class)
        .until(() -> (socket[0] = new Socket("127.0.0.1", port)) != null);
    return socket[0];
  }
}
