package io.berth.ops.probe;

import io.berth.auth.TokenIssuer;
import io.berth.config.BerthProperties;
import io.berth.proxy.ProxyProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The end-to-end probe, a researcher's flow run as a real HTTP client against Berth's own API and
 * proxy: get a token, create a hello-world pod, wait until it is AVAILABLE, fetch its URL through
 * the proxy, read its logs, create a volume and upload and list a small file, then delete
 * everything. Each step is timed and reported; cleanup runs whatever failed before it.
 */
@Component
public class ProbeSuite {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProbeProperties properties;
  private final BerthProperties berth;
  private final ProxyProperties proxy;
  private final TokenIssuer issuer;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();
  private final ReentrantLock oneAtATime = new ReentrantLock();

  public ProbeSuite(
      ProbeProperties properties,
      BerthProperties berth,
      ProxyProperties proxy,
      TokenIssuer issuer,
      JsonMapper json,
      Clock clock) {
    this.properties = properties;
    this.berth = berth;
    this.proxy = proxy;
    this.issuer = issuer;
    this.json = json;
    this.clock = clock;
  }

  /** Fails a step with what a person needs to read. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message);
    }
  }

  /** Runs the suite once; a second caller while one runs waits for it rather than overlapping. */
  public ProbeReport runOnce() {
    oneAtATime.lock();
    try {
      return run();
    } finally {
      oneAtATime.unlock();
    }
  }

  private ProbeReport run() {
    Instant started = clock.instant();
    List<ProbeStep> steps = new ArrayList<>();
    String podId = null;
    String volumeId = "probe" + suffix();
    String token = null;
    boolean volumeCreated = false;
    try {
      // the detail names the identity, never the token itself
      token =
          step(
              steps,
              "token",
              this::token,
              t ->
                  properties.token() != null
                      ? "configured token"
                      : "issued for " + properties.user());
      String t = token;
      ObjectNode body = podBody();
      podId = body.path("pod_id").asString();
      String id = podId;
      step(
          steps,
          "create_pod",
          () -> expect(send("POST", "/v3/pods", t, body.toString()), 200, "pod creation"));
      String url = step(steps, "available", () -> awaitAvailable(t, id));
      if (proxy.enabled()) {
        step(steps, "proxy", () -> throughProxy(url));
      }
      step(steps, "logs", () -> logs(t, id));
      step(
          steps,
          "volume_create",
          () ->
              expect(
                  send(
                      "POST",
                      "/v3/pods/volumes",
                      t,
                      "{\"volume_id\":\"" + volumeId + "\",\"size_limit\":1}"),
                  200,
                  "volume creation"));
      volumeCreated = true;
      step(steps, "volume_upload", () -> upload(t, volumeId));
      step(steps, "volume_list", () -> listed(t, volumeId));
    } catch (StepFailed e) {
      // the failed step is recorded; cleanup below still runs
    } finally {
      if (token != null) {
        cleanup(steps, token, podId, volumeCreated ? volumeId : null);
      }
    }
    return new ProbeReport(started, List.copyOf(steps));
  }

  private interface Action<T> {
    T run() throws Exception;
  }

  private <T> T step(List<ProbeStep> steps, String name, Action<T> action) {
    return step(steps, name, action, result -> result instanceof String s ? s : "ok");
  }

  private <T> T step(
      List<ProbeStep> steps, String name, Action<T> action, Function<T, String> describe) {
    long start = System.nanoTime();
    try {
      T result = action.run();
      steps.add(new ProbeStep(name, true, millisSince(start), describe.apply(result)));
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      steps.add(new ProbeStep(name, false, millisSince(start), "interrupted"));
      throw new StepFailed(name);
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      steps.add(new ProbeStep(name, false, millisSince(start), reason));
      throw new StepFailed(name);
    }
  }

  private String token() {
    return properties.token() != null
        ? properties.token()
        : issuer.issue(properties.user(), Set.of()).token();
  }

  private ObjectNode podBody() {
    JsonNode given;
    try {
      given = json.readTree(properties.pod());
    } catch (RuntimeException e) {
      throw new IllegalStateException("berth.probe.pod is not JSON: " + e.getMessage());
    }
    if (!(given instanceof ObjectNode object)) {
      throw new IllegalStateException("berth.probe.pod must be a JSON object (a pod body)");
    }
    ObjectNode body = object.deepCopy();
    if (!body.has("pod_id")) {
      body.put("pod_id", "probe" + suffix());
    }
    return body;
  }

  private String awaitAvailable(String token, String podId)
      throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(properties.availableTimeout());
    String last = "REQUESTED";
    while (clock.instant().isBefore(deadline)) {
      JsonNode pod =
          expect(send("GET", "/v3/pods/" + podId, token, null), 200, "reading the pod")
              .path("result");
      last = pod.path("status").asString();
      if (last.equals("AVAILABLE")) {
        return pod.path("url").asString("");
      }
      if (last.equals("ERROR") || last.equals("COMPLETE") || last.equals("STOPPED")) {
        throw new IllegalStateException(
            "the pod went " + last + ": " + pod.path("status_container").toString());
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the pod was still " + last + " after " + properties.availableTimeout().toSeconds() + " s");
  }

  /**
   * The pod's URL through the proxy, sent to the proxy's own port with the pod's host name. The
   * proxy routes a pod the moment it is AVAILABLE; a proxy in front of it (Traefik) may follow a
   * refresh later, so a 404 or 503 right after is retried for a few seconds before it counts.
   */
  private String throughProxy(String url) throws IOException, InterruptedException {
    // the host the pod's URL names: it holds the tenant unless the probe runs in the site's own
    String host = java.net.URI.create(url).getHost();
    Instant deadline = clock.instant().plusSeconds(5);
    String statusLine = statusLineThroughProxy(host);
    while ((statusLine.startsWith("HTTP/1.1 503 ") || statusLine.startsWith("HTTP/1.1 404 "))
        && clock.instant().isBefore(deadline)) {
      Thread.sleep(200);
      statusLine = statusLineThroughProxy(host);
    }
    String[] status = statusLine.split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[23]\\d\\d")) {
      throw new IllegalStateException(
          "GET " + url + " through the proxy answered '" + statusLine + "'");
    }
    return "HTTP " + status[1] + " from " + host;
  }

  /**
   * The first line of the answer to GET / sent to the proxy's own port with the pod's host name.
   */
  private String statusLineThroughProxy(String host) throws IOException {
    try (var socket = new java.net.Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(15000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nConnection: close\r\nUser-Agent: berth-probe\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String head = new String(socket.getInputStream().readNBytes(64), StandardCharsets.US_ASCII);
      return head.lines().findFirst().orElse("");
    }
  }

  private String logs(String token, String podId) throws IOException, InterruptedException {
    JsonNode result =
        expect(send("GET", "/v3/pods/" + podId + "/logs", token, null), 200, "reading the logs")
            .path("result");
    if (!result.has("logs") || !result.has("action_logs")) {
      throw new IllegalStateException("the logs answer has no logs or action_logs");
    }
    return result.path("action_logs").size() + " action log lines";
  }

  private String upload(String token, String volumeId) throws IOException, InterruptedException {
    String boundary = "berthprobe" + suffix();
    String multipart =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"probe.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "written by the Berth probe at "
            + clock.instant()
            + "\n\r\n"
            + "--"
            + boundary
            + "--\r\n";
    HttpRequest request =
        base("/v3/pods/volumes/" + volumeId + "/upload/probe.txt", token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(multipart))
            .build();
    expect(http.send(request, HttpResponse.BodyHandlers.ofString()), 200, "the upload");
    return "uploaded probe.txt";
  }

  private String listed(String token, String volumeId) throws IOException, InterruptedException {
    JsonNode files =
        expect(
                send("GET", "/v3/pods/volumes/" + volumeId + "/list", token, null),
                200,
                "listing the volume")
            .path("result");
    for (JsonNode f : files) {
      if (f.path("path").asString().endsWith("probe.txt")) {
        return "probe.txt listed, " + f.path("size").asLong() + " bytes";
      }
    }
    throw new IllegalStateException("probe.txt is not in the volume's listing: " + files);
  }

  private void cleanup(List<ProbeStep> steps, String token, String podId, String volumeId) {
    try {
      step(
          steps,
          "cleanup",
          () -> {
            List<String> problems = new ArrayList<>();
            if (podId != null) {
              int status =
                  send("DELETE", "/v3/pods/" + podId + "?delete_data=true", token, null)
                      .statusCode();
              if (status != 200 && status != 404) {
                problems.add("deleting pod " + podId + " answered " + status);
              }
            }
            if (volumeId != null) {
              int status = send("DELETE", "/v3/pods/volumes/" + volumeId, token, null).statusCode();
              if (status != 200 && status != 404) {
                problems.add("deleting volume " + volumeId + " answered " + status);
              }
            }
            if (!problems.isEmpty()) {
              throw new IllegalStateException(String.join("; ", problems));
            }
            return "deleted";
          });
    } catch (StepFailed e) {
      // recorded as a failed step
    }
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = base(path, token);
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder base(String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + berth.port() + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Tapis-Token", token)
        .header("User-Agent", "berth-probe");
  }

  private JsonNode expect(HttpResponse<String> response, int status, String what) {
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (RuntimeException e) {
      body = null;
    }
    if (response.statusCode() != status) {
      String message =
          body == null ? response.body() : body.path("message").asString(response.body());
      throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + message);
    }
    if (body == null) {
      throw new IllegalStateException(what + " did not answer JSON");
    }
    return body;
  }

  private static String suffix() {
    StringBuilder s = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
