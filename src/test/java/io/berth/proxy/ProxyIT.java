package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;

/**
 * The proxy with real clients: test servers on loopback stand in for pods (their routes come from
 * the database as the reconciler would write them), so HTTP, large bodies, WebSocket, TCP, the
 * gate, error pages and the Traefik configuration are checked end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxyIT {
  static final Path home = TestDatabase.newHome();
  static final int PROXY_PORT = FreePort.find();
  static final int TCP_FIRST = 31000 + (int) (ProcessHandle.current().pid() % 500) * 2;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.proxy.tcp-port-range", () -> TCP_FIRST + "-" + (TCP_FIRST + 40));
    registry.add("berth.proxy.traefik-token", () -> "traefik-secret");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.dev-users", () -> "alice:secret1,bob:secret2,carol:secret3:admin");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
  }

  @LocalServerPort int apiPort;
  @Autowired JdbcClient jdbc;
  @Autowired RouteTable routes;
  ApiClient api;
  String alice;
  String bob;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  HttpServer echo;
  DisposableServer websocketEcho;
  DisposableServer tcpEcho;

  @BeforeAll
  void setUp() throws Exception {
    api = new ApiClient(apiPort);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
    echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          long count = 0;
          try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
              count += n;
            }
          }
          String body =
              "method="
                  + exchange.getRequestMethod()
                  + " path="
                  + exchange.getRequestURI()
                  + " bytes="
                  + count
                  + " xff="
                  + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                  + " xfhost="
                  + exchange.getRequestHeaders().getFirst("X-Forwarded-Host")
                  + " xfproto="
                  + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                  + " token="
                  + exchange.getRequestHeaders().getFirst("X-Tapis-Token");
          if (exchange.getRequestURI().getPath().equals("/big")) {
            long size = 200L * 1024 * 1024;
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
              byte[] chunk = new byte[1 << 16];
              for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
              }
            }
            return;
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    echo.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    echo.start();
    websocketEcho =
        reactor.netty.http.server.HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((req, res) ->
                res.sendWebsocket(
                    (in, out) -> out.sendString(in.receive().asString().map(s -> "echo:" + s))))
            .bindNow();
    tcpEcho =
        reactor.netty.tcp.TcpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((in, out) -> out.send(in.receive().retain()))
            .bindNow();
  }

  @AfterAll
  void tearDown() {
    echo.stop(0);
    websocketEcho.disposeNow();
    tcpEcho.disposeNow();
  }

  /** Creates a pod and marks it AVAILABLE at a loopback address, as the reconciler would. */
  void podAt(String id, String networking, int targetPort, int containerPort) {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\""
                + id
                + "\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"networking\":"
                + networking
                + "}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    available(id, targetPort, containerPort);
  }

  void available(String id, int targetPort, int containerPort) {
    jdbc.sql("update pods set status = 'AVAILABLE', status_container = ? where pod_id = ?")
        .params(
            "{\"state\":\"running\",\"endpoints\":{\""
                + containerPort
                + "\":\"127.0.0.1:"
                + targetPort
                + "\"}}",
            id)
        .update();
  }

  /** Waits until the proxy routes the host to a live target (neither 404 nor 503). */
  void awaitRouted(String host) {
    awaitRouted(host, Map.of());
  }

  void awaitRouted(String host, Map<String, String> headers) {
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> {
          String head = raw(host, "GET", "/", headers).lines().findFirst().orElse("");
          return !head.contains(" 404 ") && !head.contains(" 503 ");
        });
  }

  String raw(String host, String method, String path, Map<String, String> headers)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
      socket.setSoTimeout(20000);
      StringBuilder head =
          new StringBuilder(
              method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: 0\r\n\r\n");
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void routesByHostWithForwardedHeaders() throws Exception {
    podAt(
        "webone",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000}}",
        echo.getAddress().getPort(),
        5000);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() ->
            assertThat(raw("webone.pods.localhost", "GET", "/x?y=1", Map.of())).contains("200 OK"));
    String reply =
        raw(
            "webone.pods.localhost:" + PROXY_PORT,
            "GET",
            "/x?y=1",
            Map.of("X-Tapis-Token", "secret"));
    assertThat(reply)
        .contains("method=GET path=/x?y=1")
        .contains("xff=127.0.0.1")
        .contains("xfhost=webone.pods.localhost:" + PROXY_PORT)
        .contains("xfproto=http")
        .contains("token=null");
    JsonNode pod = api.get("/v3/pods/webone", alice).result();
    assertThat(pod.path("url").asString()).isEqualTo("http://webone.pods.localhost:" + PROXY_PORT);
  }

  @Test
  void oneConnectionCarriesPipelinedRequestsToSeveralPodsInOrder() throws Exception {
    String net = "{\"default\":{\"protocol\":\"http\",\"port\":5000}}";
    podAt("pipea", net, echo.getAddress().getPort(), 5000);
    podAt("pipeb", net, echo.getAddress().getPort(), 5000);
    awaitRouted("pipea.pods.localhost");
    awaitRouted("pipeb.pods.localhost");
    String requests =
        "GET /one HTTP/1.1\r\nHost: pipea.pods.localhost\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: pipea.pods.localhost\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /three HTTP/1.1\r\nHost: pipeb.pods.localhost\r\n\r\n"
            + "GET /four HTTP/1.1\r\nHost: nosuch.pods.localhost\r\n\r\n"
            + "GET /five HTTP/1.0\r\nHost: pipea.pods.localhost\r\n\r\n";
    // the HTTP/1.0 request without keep-alive ends the connection after its answer
    String replies = pipelined(requests);
    assertThat(replies.split("HTTP/1.1 ", -1)).hasSize(6);
    assertThat(replies)
        .containsSubsequence(
            "method=GET path=/one",
            "method=POST path=/two bytes=5",
            "path=/three",
            "404 Not Found",
            "path=/five");
  }

  /**
   * Writes the requests on one connection at once; everything the proxy answered until it closed.
   */
  static String pipelined(String requests) throws java.io.IOException {
    try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
      socket.setSoTimeout(20000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void keptAliveConnectionClosedByThePodIsRetriedOnlyForIdempotentRequests() throws Exception {
    // answers the first request of each connection, then closes it when the next one comes
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    try (java.net.ServerSocket closer =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(() -> {
            while (!closer.isClosed()) {
              try {
                Socket c = closer.accept();
                Thread.ofVirtual()
                    .start(() -> {
                      try (c) {
                        readHead(c.getInputStream());
                        String body = "answer-" + connections.incrementAndGet();
                        c.getOutputStream()
                            .write(
                                ("HTTP/1.1 200 OK\r\nContent-Length: "
                                        + body.length()
                                        + "\r\n\r\n"
                                        + body)
                                    .getBytes(StandardCharsets.US_ASCII));
                        readHead(c.getInputStream());
                      } catch (java.io.IOException e) {
                        // the proxy went away
                      }
                    });
              } catch (java.io.IOException e) {
                return;
              }
            }
          });
      podAt(
          "closer",
          "{\"default\":{\"protocol\":\"http\",\"port\":5000}}",
          closer.getLocalPort(),
          5000);
      awaitRouted("closer.pods.localhost");
      int before = connections.get();
      String requests =
          "GET /a HTTP/1.1\r\nHost: closer.pods.localhost\r\n\r\n"
              + "GET /b HTTP/1.1\r\nHost: closer.pods.localhost\r\n\r\n"
              + "POST /c HTTP/1.1\r\nHost: closer.pods.localhost\r\nContent-Length: 1\r\n\r\nx"
              + "GET /d HTTP/1.1\r\nHost: closer.pods.localhost\r\nConnection: close\r\n\r\n";
      String replies = pipelined(requests);
      // /b went again on a new connection; the POST was not repeated: the pod may have acted on it
      assertThat(replies)
          .containsSubsequence(
              "200 OK",
              "answer-" + (before + 1),
              "200 OK",
              "answer-" + (before + 2),
              "502 Bad Gateway",
              "200 OK",
              "answer-" + (before + 3));
    }
  }

  @Test
  void aResponseEndedByClosingTheConnectionReachesTheClientWhole() throws Exception {
    // busybox httpd answers CGI scripts this way: HTTP/1.1, neither length nor chunks
    try (java.net.ServerSocket pod =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(() -> {
            while (!pod.isClosed()) {
              try (Socket c = pod.accept()) {
                readHead(c.getInputStream());
                c.getOutputStream()
                    .write(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end\n"
                            .getBytes(StandardCharsets.US_ASCII));
              } catch (java.io.IOException e) {
                return;
              }
            }
          });
      podAt(
          "closing",
          "{\"default\":{\"protocol\":\"http\",\"port\":5000}}",
          pod.getLocalPort(),
          5000);
      awaitRouted("closing.pods.localhost");
      for (String connection : List.of("close", "keep-alive")) {
        String reply =
            pipelined(
                "GET / HTTP/1.1\r\nHost: closing.pods.localhost\r\nConnection: "
                    + connection
                    + "\r\n\r\nGET / HTTP/1.1\r\nHost: closing.pods.localhost\r\n"
                    + "Connection: close\r\n\r\n");
        assertThat(reply).as(connection).contains("until the end");
      }
    }
  }

  /** Reads one request head (up to the blank line); throws at end of stream. */
  static void readHead(InputStream in) throws java.io.IOException {
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException();
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  static final String HTTP_POD = "{\"default\":{\"protocol\":\"http\",\"port\":5000}}";

  @Test
  void scriptOutputWithBareLineFeedsKeepsItsContentTypeAndBody() throws Exception {
    // busybox httpd writes its status line, then passes a CGI script's output through as it is
    try (RawPod pod =
        new RawPod(
            head ->
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\nX-Script: yes\n\nhello from a script\n",
            true)) {
      podAt("cgi", HTTP_POD, pod.port(), 5000);
      awaitRouted("cgi.pods.localhost");
      assertThat(raw("cgi.pods.localhost", "GET", "/cgi-bin/hello", Map.of()))
          .startsWith("HTTP/1.1 200 OK\r\n")
          .contains("Content-Type: text/plain\r\n", "X-Script: yes\r\n", "hello from a script\n");
    }
  }

  @Test
  void afterAResponseEndedByClosingTheSameConnectionCarriesTheNextRequest() throws Exception {
    try (RawPod pod =
        new RawPod(
            head -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end\n", true)) {
      podAt("closes", HTTP_POD, pod.port(), 5000);
      awaitRouted("closes.pods.localhost");
      try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
        socket.setSoTimeout(10000);
        for (int i = 1; i <= 2; i++) {
          socket
              .getOutputStream()
              .write(
                  ("GET /" + i + " HTTP/1.1\r\nHost: closes.pods.localhost\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
          // the proxy frames the body in chunks and keeps the client's connection
          assertThat(readUntil(socket.getInputStream(), "0\r\n\r\n"))
              .as("response " + i)
              .startsWith("HTTP/1.1 200 OK")
              .contains("until the end");
        }
      }
    }
  }

  /** Reads until {@code end} has been read; what was read. */
  static String readUntil(InputStream in, String end) throws java.io.IOException {
    StringBuilder read = new StringBuilder();
    while (!read.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      read.append((char) b);
    }
    return read.toString();
  }

  @Test
  void aMalformedPodResponseIs502() throws Exception {
    for (String garbage :
        List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")) {
      try (RawPod pod = new RawPod(head -> garbage, true)) {
        String id = "garbage" + garbage.length();
        podAt(id, HTTP_POD, pod.port(), 5000);
        awaitRouted(id + ".pods.localhost");
        assertThat(raw(id + ".pods.localhost", "GET", "/", Map.of()))
            .as(garbage)
            .startsWith("HTTP/1.1 502 Bad Gateway\r\n");
      }
    }
  }

  @Test
  void twoHostsAndAChunkSizeThatOverflowsAre400AndNothingReachesAPod() throws Exception {
    try (RawPod pod =
        new RawPod(head -> "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nrecorded", false)) {
      podAt("hosta", HTTP_POD, pod.port(), 5000);
      podAt("hostb", HTTP_POD, pod.port(), 5000);
      awaitRouted("hosta.pods.localhost");
      awaitRouted("hostb.pods.localhost");
      assertThat(
              pipelined(
                  "GET /two-hosts HTTP/1.1\r\nHost: hosta.pods.localhost\r\n"
                      + "Host: hostb.pods.localhost\r\n\r\n"))
          .startsWith("HTTP/1.1 400 Bad Request\r\n");
      assertThat(
              pipelined(
                  "POST /overflow HTTP/1.1\r\nHost: hosta.pods.localhost\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n100000000\r\nabc\r\n0\r\n\r\n"))
          .startsWith("HTTP/1.1 400 Bad Request\r\n");
      assertThat(raw("hosta.pods.localhost", "GET", "/after", Map.of())).contains("recorded");
      await().atMost(Duration.ofSeconds(5)).until(() -> pod.received().contains("GET /after"));
      assertThat(pod.received()).doesNotContain("/two-hosts").doesNotContain("/overflow");
    }
  }

  @Test
  void aPodIsRoutableTheMomentItIsReportedAvailable() throws Exception {
    // created and AVAILABLE as fast as the reconciler can make it: the route table, refreshed
    // twice a second, has not seen it yet; the proxy must not answer 404 or 503
    for (int i = 0; i < 5; i++) {
      String id = "instant" + i;
      podAt(id, HTTP_POD, echo.getAddress().getPort(), 5000);
      assertThat(raw(id + ".pods.localhost", "GET", "/", Map.of()))
          .as(id)
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void unknownHostIs404AndAPodNotAvailableIs503NamingItsStatus() throws Exception {
    assertThat(raw("nosuch.pods.localhost", "GET", "/", Map.of()))
        .startsWith("HTTP/1.1 404")
        .contains("nosuch.pods.localhost");
    podAt(
        "sleepy",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000}}",
        echo.getAddress().getPort(),
        5000);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> raw("sleepy.pods.localhost", "GET", "/", Map.of()).contains("200 OK"));
    jdbc.sql("update pods set status = 'STOPPED' where pod_id = 'sleepy'").update();
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() ->
            assertThat(raw("sleepy.pods.localhost", "GET", "/", Map.of()))
                .startsWith("HTTP/1.1 503")
                .contains("STOPPED")
                .contains("text/html"));
    available("sleepy", echo.getAddress().getPort(), 5000);
    await()
        .atMost(Duration.ofSeconds(1))
        .until(() -> raw("sleepy.pods.localhost", "GET", "/", Map.of()).contains("200 OK"));
  }

  @Test
  void podThatFailsToAnswerIs502() throws Exception {
    podAt("broken", "{\"default\":{\"protocol\":\"http\",\"port\":5000}}", FreePort.find(), 5000);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() ->
            assertThat(raw("broken.pods.localhost", "GET", "/", Map.of()))
                .startsWith("HTTP/1.1 502"));
  }

  @Test
  void largeBodiesStreamBothWays() throws Exception {
    podAt(
        "bulk",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000}}",
        echo.getAddress().getPort(),
        5000);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> raw("bulk.pods.localhost", "GET", "/", Map.of()).contains("200 OK"));
    long size = 300L * 1024 * 1024;
    try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
      socket.setSoTimeout(60000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /upload HTTP/1.1\r\nHost: bulk.pods.localhost\r\nContent-Length: "
                  + size
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1 << 16];
      for (long sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(reply).contains("bytes=" + size);
    }
    try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
      socket
          .getOutputStream()
          .write(
              "GET /big HTTP/1.1\r\nHost: bulk.pods.localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      long total = 0;
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
      }
      assertThat(total).isGreaterThan(200L * 1024 * 1024);
    }
  }

  @Test
  void websocketEchoRoundTrip() throws Exception {
    podAt(
        "wspod", "{\"default\":{\"protocol\":\"http\",\"port\":8888}}", websocketEcho.port(), 8888);
    // the echo server speaks only WebSocket: wait for the route itself rather than probing with GET
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() ->
            routes.byHost("wspod.pods.localhost") != null
                && routes.byHost("wspod.pods.localhost").available());
    String reply =
        reactor.netty.http.client.HttpClient.create()
            .headers(h -> h.set("Host", "wspod.pods.localhost"))
            .websocket()
            .uri("ws://127.0.0.1:" + PROXY_PORT + "/ws")
            .handle((in, out) ->
                out.sendString(Mono.just("hello")).then().thenMany(in.receive().asString().take(1)))
            .blockFirst(Duration.ofSeconds(10));
    assertThat(reply).isEqualTo("echo:hello");
  }

  @Test
  void tcpEntriesGetAPortAndForwardBytes() throws Exception {
    podAt("tcppod", "{\"db\":{\"protocol\":\"tcp\",\"port\":7687}}", tcpEcho.port(), 7687);
    JsonNode pod = api.get("/v3/pods/tcppod", alice).result();
    String url = pod.path("networking").path("db").path("url").asString();
    assertThat(url).startsWith("localhost:");
    int port = Integer.parseInt(url.substring(url.indexOf(':') + 1));
    assertThat(port).isBetween(TCP_FIRST, TCP_FIRST + 40);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            byte[] back = socket.getInputStream().readNBytes(5);
            assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("ping\n");
          }
        });
    api.delete("/v3/pods/tcppod", alice);
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> {
          boolean refused;
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            refused = socket.getInputStream().read() < 0;
          } catch (java.net.SocketTimeoutException e) {
            refused = false;
          } catch (java.io.IOException e) {
            refused = true;
          }
          assertThat(refused).isTrue();
        });
  }

  @Test
  void aClientOffTheIpAllowListIsRefusedBeforeAnyPod() throws Exception {
    Reply bad =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"badlist\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"networking\":{\"default\":{\"ip_allow_list\":[\"10.0.0.0/8\",\"example.org\"]}}}",
            alice);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("networking.default.ip_allow_list[1]");

    // this test's client connects from 127.0.0.1: on the list of "open" only
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"fenced\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"networking\":{"
                + "\"default\":{\"port\":5000,\"ip_allow_list\":[\"192.0.2.0/24\",\"2001:db8::/32\"],"
                + "\"tapis_auth_return_path\":\"/lab\",\"tapis_ui_uri\":\"/lab\"},"
                + "\"open\":{\"port\":5000,\"ip_allow_list\":[\"127.0.0.0/8\"]},"
                + "\"db\":{\"protocol\":\"tcp\",\"port\":7687,\"ip_allow_list\":[\"192.0.2.1\"]}}}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    jdbc.sql("update pods set status = 'AVAILABLE', status_container = ? where pod_id = ?")
        .params(
            "{\"state\":\"running\",\"endpoints\":{\"5000\":\"127.0.0.1:"
                + echo.getAddress().getPort()
                + "\",\"7687\":\"127.0.0.1:"
                + tcpEcho.port()
                + "\"}}",
            "fenced")
        .update();
    JsonNode networking = api.get("/v3/pods/fenced", alice).result().path("networking");
    JsonNode shown = networking.path("default");
    assertThat(shown.path("ip_allow_list").toString()).contains("192.0.2.0/24");
    assertThat(shown.path("tapis_auth_return_path").asString()).isEqualTo("/lab");
    assertThat(shown.path("tapis_ui_uri").asString()).isEqualTo("/lab");
    awaitRouted("fenced.pods.localhost");
    assertThat(raw("fenced.pods.localhost", "GET", "/", Map.of()))
        .startsWith("HTTP/1.1 403")
        .contains("ip_allow_list");
    awaitRouted("fenced-open.pods.localhost");
    assertThat(raw("fenced-open.pods.localhost", "GET", "/", Map.of())).startsWith("HTTP/1.1 200");

    String url = networking.path("db").path("url").asString();
    int port = Integer.parseInt(url.substring(url.indexOf(':') + 1));
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            // closed without a byte of the pod's
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
          }
        });
    api.delete("/v3/pods/fenced", alice);
  }

  @Test
  void corsPreflightsAreAnsweredByTheProxyAndResponsesCarryThePolicy() throws Exception {
    podAt(
        "corsy",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000,\"tapis_auth\":true,"
            + "\"cors_allow_origins\":[\"https://app.example.org\"],"
            + "\"cors_allow_methods\":[\"GET\",\"PUT\"],\"cors_allow_headers\":[\"X-Tapis-Token\"],"
            + "\"cors_allow_credentials\":true,\"cors_max_age\":60}}",
        echo.getAddress().getPort(),
        5000);
    awaitRouted("corsy.pods.localhost", Map.of("X-Tapis-Token", alice));
    // a preflight carries no credentials: answered here, the gate and the pod never see it
    String preflight =
        raw(
            "corsy.pods.localhost",
            "OPTIONS",
            "/data",
            Map.of("Origin", "https://app.example.org", "Access-Control-Request-Method", "PUT"));
    assertThat(preflight)
        .startsWith("HTTP/1.1 204")
        .containsIgnoringCase("access-control-allow-origin: https://app.example.org")
        .containsIgnoringCase("access-control-allow-methods: GET, PUT")
        .containsIgnoringCase("access-control-allow-headers: X-Tapis-Token")
        .containsIgnoringCase("access-control-allow-credentials: true")
        .containsIgnoringCase("access-control-max-age: 60");
    assertThat(
            raw(
                "corsy.pods.localhost",
                "OPTIONS",
                "/data",
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "PUT")))
        .startsWith("HTTP/1.1 204")
        .doesNotContainIgnoringCase("access-control-allow-origin");
    String answered =
        raw(
            "corsy.pods.localhost",
            "GET",
            "/",
            Map.of("Origin", "https://app.example.org", "X-Tapis-Token", alice));
    assertThat(answered)
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("access-control-allow-origin: https://app.example.org");
    assertThat(raw("corsy.pods.localhost", "OPTIONS", "/data", Map.of()))
        .as("a plain OPTIONS is no preflight: the gate asks for credentials")
        .startsWith("HTTP/1.1 401");
    assertThat(raw("corsy.pods.localhost", "GET", "/", Map.of("Origin", "https://app.example.org")))
        .as("the gate's own 401 lets the browser app see the status")
        .startsWith("HTTP/1.1 401")
        .containsIgnoringCase("access-control-allow-origin: https://app.example.org");
    api.delete("/v3/pods/corsy", alice);
  }

  @Test
  void gateRefusesWithoutATokenAndLetsAReadHolderThrough() throws Exception {
    podAt(
        "gated",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000,\"tapis_auth\":true}}",
        echo.getAddress().getPort(),
        5000);
    awaitRouted("gated.pods.localhost");
    assertThat(raw("gated.pods.localhost", "GET", "/", Map.of())).startsWith("HTTP/1.1 401");
    assertThat(raw("gated.pods.localhost", "GET", "/", Map.of("X-Tapis-Token", bob)))
        .startsWith("HTTP/1.1 403");
    api.post("/v3/pods/gated/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    String allowed = raw("gated.pods.localhost", "GET", "/", Map.of("X-Tapis-Token", bob));
    assertThat(allowed)
        .startsWith("HTTP/1.1 200")
        .contains("berth_session=")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax")
        .contains("token=null");
    String session = ProxyTenantsIT.sessionOf(allowed);
    assertThat(session).isNotEqualTo(bob);
    assertThat(
            raw("gated.pods.localhost", "GET", "/", Map.of("Cookie", "berth_session=" + session)))
        .startsWith("HTTP/1.1 200");
    // the user's API token is no session, and the session is no API token
    assertThat(raw("gated.pods.localhost", "GET", "/", Map.of("Cookie", "berth_session=" + bob)))
        .startsWith("HTTP/1.1 403");
    assertThat(api.get("/v3/pods/gated", session).status()).isEqualTo(401);
    assertThat(raw("gated.pods.localhost", "GET", "/", Map.of("Cookie", "berth_session=forged")))
        .startsWith("HTTP/1.1 403");
    // a session opens the one address it was issued for, even within the pod's tenant
    podAt(
        "gatedtoo",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000,\"tapis_auth\":true}}",
        echo.getAddress().getPort(),
        5000);
    api.post("/v3/pods/gatedtoo/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    awaitRouted("gatedtoo.pods.localhost", Map.of("X-Tapis-Token", bob));
    assertThat(
            raw(
                "gatedtoo.pods.localhost",
                "GET",
                "/",
                Map.of("Cookie", "berth_session=" + session)))
        .startsWith("HTTP/1.1 403");
    // revoking READ closes the address to the session at once
    api.delete("/v3/pods/gated/permissions/bob", alice);
    assertThat(
            raw("gated.pods.localhost", "GET", "/", Map.of("Cookie", "berth_session=" + session)))
        .startsWith("HTTP/1.1 403");
  }

  @Test
  void traefikConfigurationHasHostAndHostSniRouters() throws Exception {
    podAt(
        "mixed",
        "{\"default\":{\"protocol\":\"http\",\"port\":5000},\"pg\":{\"protocol\":\"postgres\",\"port\":5432},"
            + "\"inner\":{\"protocol\":\"local_only\",\"port\":9000}}",
        echo.getAddress().getPort(),
        5000);
    jdbc.sql("update pods set status_container = ? where pod_id = 'mixed'")
        .param(
            "{\"endpoints\":{\"5000\":\"127.0.0.1:"
                + echo.getAddress().getPort()
                + "\",\"5432\":\"127.0.0.1:6543\"}}")
        .update();
    assertThat(api.get("/v3/pods/traefik-config", null).status()).isEqualTo(401);
    assertThat(api.get("/v3/pods/traefik-config", alice).status()).isEqualTo(403);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/traefik-config"))
                .header("Authorization", "Bearer traefik-secret")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode config = ApiClient.parse(response.body());
    TraefikSchema.assertValid(config);
    JsonNode router = config.path("http").path("routers").path("mixed_pods_localhost");
    assertThat(router.path("rule").asString()).isEqualTo("Host(`mixed.pods.localhost`)");
    assertThat(
            config
                .path("http")
                .path("services")
                .path("mixed_pods_localhost")
                .path("loadBalancer")
                .path("servers")
                .get(0)
                .path("url")
                .asString())
        .isEqualTo("http://127.0.0.1:" + echo.getAddress().getPort());
    JsonNode tcp = config.path("tcp").path("routers").path("mixed-pg_pods_localhost");
    assertThat(tcp.path("rule").asString()).isEqualTo("HostSNI(`mixed-pg.pods.localhost`)");
    assertThat(tcp.path("tls").path("passthrough").asBoolean()).isTrue();
    assertThat(config.toString()).doesNotContain("inner");
    assertThat(List.of(api.get("/v3/pods/traefik-config", api.token("carol", "secret3")).status()))
        .containsExactly(200);
  }
}
