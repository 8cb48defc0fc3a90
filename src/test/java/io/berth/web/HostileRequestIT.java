package io.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Hostile requests over a raw socket (clients normalize what an attacker does not): malformed
 * request lines and paths, oversized and malformed headers, wrong methods, bodies past the limit
 * under any Content-Type, control characters in every kind of string field, mount paths over the
 * container's system directories. Each answer is a 4xx Tapis envelope in JSON whose message names
 * the part at fault, and nothing stored changes (issue 14 items 18 and 19).
 */
class HostileRequestIT extends ApiOnlyIT {
  static final int OVER_LIMIT = 1_500_000;

  ApiClient api;
  String alice;
  String carol;

  @BeforeAll
  void setUp() {
    // on PostgreSQL the database outlives a test class
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from image_allowlist").update();
    jdbc.sql("delete from volumes").update();
    jdbc.sql("delete from permissions").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    carol = api.token("carol", "secret3");
    Reply pod =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"hostilekept\",\"pod_template\":\"template/postgres\","
                + "\"description\":\"kept\",\"environment_variables\":{\"KEPT\":\"yes\"}}",
            alice);
    assertThat(pod.status()).as(pod.text()).isEqualTo(200);
    Reply volume =
        api.post(
            "/v3/pods/volumes",
            "{\"volume_id\":\"hostilevol\",\"description\":\"kept\",\"size_limit\":5}",
            alice);
    assertThat(volume.status()).as(volume.text()).isEqualTo(200);
  }

  /** A request as bytes on the wire, the status it must get and a word its message must hold. */
  record Hostile(String name, byte[] wire, int status, String mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  Stream<Arguments> hostileRequests() {
    List<Hostile> all = new ArrayList<>();
    all.addAll(malformedRequestLinesAndHeaders());
    all.addAll(wrongMethods());
    all.addAll(oversizedBodies());
    all.addAll(controlCharacters());
    all.addAll(systemMountPaths());
    return all.stream().map(Arguments::of);
  }

  List<Hostile> malformedRequestLinesAndHeaders() {
    String token = "X-Tapis-Token: " + alice + "\r\n";
    return List.of(
        raw("bad percent-encoding", "GET /v3/pods/%zz HTTP/1.1\r\n" + token, 400, "path"),
        raw("truncated percent-encoding", "GET /v3/pods/% HTTP/1.1\r\n" + token, 400, "path"),
        raw("encoded NUL in the path", "GET /v3/pods/a%00b HTTP/1.1\r\n" + token, 400, "path"),
        raw(
            "encoded slash in the path",
            "GET /v3/pods/hostilekept%2F..%2Fx HTTP/1.1\r\n" + token,
            400,
            "path"),
        raw("control character in the path", "GET /v3/pods/a\u0001b HTTP/1.1\r\n", 400, "path"),
        raw(
            "oversized header",
            "GET /v3/pods HTTP/1.1\r\nX-Filler: " + "a".repeat(20_000) + "\r\n",
            400,
            "header"),
        raw(
            "too many headers",
            "GET /v3/pods HTTP/1.1\r\n" + ("X-Filler: " + "b".repeat(100) + "\r\n").repeat(200),
            400,
            "header"),
        raw(
            "oversized request line",
            "GET /v3/pods/" + "a".repeat(20_000) + " HTTP/1.1\r\n",
            400,
            "header"),
        raw("control character in the method", "G\u0001T /v3/pods HTTP/1.1\r\n", 400, "method"),
        raw("space in a header name", "GET /v3/pods HTTP/1.1\r\nBad Header: x\r\n", 400, "header"),
        raw(
            "two different Content-Lengths",
            "POST /v3/pods HTTP/1.1\r\n"
                + token
                + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            400,
            "header"),
        raw("invalid Host header", "GET /v3/pods HTTP/1.1\r\nHost: a b\r\n", 400, "header"));
  }

  List<Hostile> wrongMethods() {
    return List.of(
        request("TRACE", "/v3/pods", alice, null, null, 405, "TRACE"),
        request("PATCH", "/v3/pods/hostilekept", alice, "application/json", "{}", 405, "PATCH"),
        request("DELETE", "/v3/pods", alice, null, null, 405, "DELETE"),
        request("POST", "/v3/pods/healthcheck", null, null, null, 405, "POST"),
        request("GET", "/v3/oauth2/tokens", null, null, null, 405, "GET"),
        request("PUT", "/v3/tenants", null, null, null, 405, "PUT"),
        request("POST", "/actuator/health", null, null, null, 405, "POST"),
        request("GET", "/v3/pods/hostilekept/nosuch", alice, null, null, 404, "endpoint"),
        request("GET", "/nosuch", null, null, null, 401, "token"),
        request("POST", "/v3/pods", alice, "text/plain", "{}", 415, "Content-Type"));
  }

  List<Hostile> oversizedBodies() {
    String big =
        "{\"pod_id\":\"hostilebig\",\"pod_template\":\"template/postgres\",\"description\":\""
            + "x".repeat(OVER_LIMIT)
            + "\"}";
    return List.of(
        request("POST", "/v3/pods", alice, "application/json", big, 413, "limit"),
        request("POST", "/v3/pods", alice, "application/octet-stream+json", big, 413, "limit"),
        request("POST", "/v3/pods", alice, "application/vnd.berth+json", big, 413, "limit"),
        chunked("/v3/pods", "application/json", big),
        chunked("/v3/pods", "application/octet-stream+json", big));
  }

  List<Hostile> controlCharacters() {
    String t = "\"pod_template\":\"template/postgres\"";
    List<Hostile> cases = new ArrayList<>();
    Map<String, String> strings = new LinkedHashMap<>();
    strings.put("NUL", "\\u0000");
    strings.put("newline", "\\n");
    strings.put("carriage return", "\\r");
    strings.put("escape", "\\u001b[31m");
    strings.put("DEL", "\\u007f");
    strings.put("line separator", "\\u2028");
    strings.put("lone surrogate", "\\ud800");
    strings.forEach((what, bad) -> {
      String value = "\"eve" + bad + "admin\"";
      cases.add(
          json(
              what + " in a description",
              "POST",
              "/v3/pods",
              alice,
              "{\"pod_id\":\"hostilenew\"," + t + ",\"description\":" + value + "}",
              "description"));
      cases.add(
          json(
              what + " in a variable's value",
              "POST",
              "/v3/pods",
              alice,
              "{\"pod_id\":\"hostilenew\","
                  + t
                  + ",\"environment_variables\":{\"FOO\":"
                  + value
                  + "}}",
              "environment_variables.FOO"));
      cases.add(
          json(
              what + " in a permission's user",
              "POST",
              "/v3/pods/hostilekept/permissions",
              alice,
              "{\"user\":" + value + ",\"level\":\"READ\"}",
              "user"));
      cases.add(
          json(
              what + " in a volume permission's user",
              "POST",
              "/v3/pods/volumes/hostilevol/permissions",
              alice,
              "{\"user\":" + value + ",\"level\":\"READ\"}",
              "user"));
      cases.add(
          json(
              what + " in an update's description",
              "PUT",
              "/v3/pods/hostilekept",
              alice,
              "{\"description\":" + value + "}",
              "description"));
      cases.add(
          json(
              what + " in a volume's description",
              "PUT",
              "/v3/pods/volumes/hostilevol",
              alice,
              "{\"description\":" + value + "}",
              "description"));
      cases.add(
          json(
              what + " in an allowed user",
              "PUT",
              "/v3/pods/hostilekept",
              alice,
              "{\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":80,"
                  + "\"tapis_auth\":true,\"tapis_auth_allowed_users\":["
                  + value
                  + "]}}}",
              "networking.default.tapis_auth_allowed_users[0]"));
      cases.add(
          json(
              what + " in a sub_path",
              "PUT",
              "/v3/pods/hostilekept",
              alice,
              "{\"volume_mounts\":{\"hostilevol\":{\"type\":\"tapisvolume\","
                  + "\"mount_path\":\"/data\",\"sub_path\":"
                  + value
                  + "}}}",
              "volume_mounts.hostilevol.sub_path"));
      cases.add(
          json(
              what + " in an image pattern's description",
              "POST",
              "/v3/pods/images",
              carol,
              "{\"image\":\"localhost/x/*\",\"description\":" + value + "}",
              "description"));
      cases.add(
          json(
              what + " in a token request's username",
              "POST",
              "/v3/oauth2/tokens",
              null,
              "{\"username\":" + value + ",\"password\":\"x\",\"grant_type\":\"password\"}",
              "username"));
      if (!what.equals("newline") && !what.equals("carriage return")) {
        cases.add(
            json(
                what + " in a command",
                "PUT",
                "/v3/pods/hostilekept",
                alice,
                "{\"command\":[\"sh\",\"-c\"," + value + "]}",
                "command[2]"));
      }
    });
    return cases;
  }

  List<Hostile> systemMountPaths() {
    List<Hostile> cases = new ArrayList<>();
    for (String path :
        List.of(
            "/",
            "/sys",
            "/sys/fs/cgroup",
            "/proc",
            "/proc/1",
            "/dev",
            "/dev/shm",
            "/etc",
            "/etc/",
            "/etc/passwd",
            "//sys",
            "/./proc",
            "/data/../etc",
            "/data//x")) {
      String mounts = "{\"hostilevol\":{\"type\":\"tapisvolume\",\"mount_path\":\"" + path + "\"}}";
      cases.add(
          json(
              "mount at " + path,
              "POST",
              "/v3/pods",
              alice,
              "{\"pod_id\":\"hostilenew\",\"pod_template\":\"template/postgres\","
                  + "\"volume_mounts\":"
                  + mounts
                  + "}",
              "volume_mounts.hostilevol.mount_path"));
      cases.add(
          json(
              "update to mount at " + path,
              "PUT",
              "/v3/pods/hostilekept",
              alice,
              "{\"volume_mounts\":" + mounts + "}",
              "volume_mounts.hostilevol.mount_path"));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  void answeredWithAFourHundredEnvelopeNamingTheFieldAndNothingChanges(Hostile hostile)
      throws IOException {
    Answer answer = exchange(hostile.wire());
    String context = hostile.name() + " -> " + answer;
    assertThat(answer.status()).as(context).isEqualTo(hostile.status());
    assertThat(answer.header("content-type")).as(context).startsWith("application/json");
    JsonNode body = ApiClient.parse(answer.body());
    assertThat(body).as(context).isNotNull();
    assertThat(body.path("status").asString()).as(context).isEqualTo("error");
    assertThat(body.path("version").asString()).as(context).isNotBlank();
    assertThat(body.has("result") && body.get("result").isNull()).as(context).isTrue();
    if (hostile.status() == 400) {
      assertThat(body.path("message").isArray()).as(context + ": Tapis's list").isTrue();
    }
    assertThat(ApiClient.messageOf(body))
        .as(context)
        .containsIgnoringCase(hostile.mentions())
        .doesNotContain("Exception")
        .doesNotContain("<html");
    assertStoredStateUnchanged();
  }

  @Test
  void commandsMayHoldScriptsOfSeveralLines() {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"hostilescript\",\"pod_template\":\"template/postgres\","
                + "\"command\":[\"sh\",\"-c\",\"echo one\\n\\techo two\"]}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.result().path("command").get(2).asString())
        .isEqualTo("echo one\n\techo two");
    assertThat(api.delete("/v3/pods/hostilescript", alice).status()).isEqualTo(200);
  }

  private void assertStoredStateUnchanged() {
    Reply kept = api.get("/v3/pods/hostilekept", alice);
    assertThat(kept.status()).as(kept.text()).isEqualTo(200);
    assertThat(kept.result().path("description").asString()).isEqualTo("kept");
    assertThat(kept.result().path("environment_variables").toString())
        .isEqualTo("{\"KEPT\":\"yes\"}");
    assertThat(kept.result().path("command").size()).isZero();
    assertThat(kept.result().path("volume_mounts").size()).isZero();
    assertThat(api.get("/v3/pods/hostilekept/permissions", alice).result().toString())
        .isEqualTo("{\"permissions\":[\"alice:ADMIN\"]}");
    Reply volume = api.get("/v3/pods/volumes/hostilevol", alice);
    assertThat(volume.result().path("description").asString()).isEqualTo("kept");
    assertThat(api.get("/v3/pods/volumes/hostilevol/permissions", alice).result().toString())
        .isEqualTo("{\"permissions\":[\"alice:ADMIN\"]}");
    assertThat(jdbc.sql("select count(*) from image_allowlist").query(Long.class).single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from pods where pod_id like 'hostile%' and pod_id <> 'hostilekept'")
                .query(Long.class)
                .single())
        .isZero();
  }

  // ---- the wire

  private static Hostile raw(String name, String head, int status, String mentions) {
    String request = head.contains("\r\n\r\n") ? head : head + "Connection: close\r\n\r\n";
    if (!head.contains("Host:")) {
      request = request.replaceFirst("\r\n", "\r\nHost: localhost\r\n");
    }
    return new Hostile(name, request.getBytes(StandardCharsets.ISO_8859_1), status, mentions);
  }

  private static Hostile request(
      String method,
      String path,
      String token,
      String contentType,
      String body,
      int status,
      String mentions) {
    StringBuilder head =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    if (token != null) {
      head.append("X-Tapis-Token: ").append(token).append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return new Hostile(
        method + " " + path + (contentType == null ? "" : " as " + contentType),
        concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), bytes),
        status,
        mentions);
  }

  private Hostile json(
      String name, String method, String path, String token, String body, String mentions) {
    Hostile h = request(method, path, token, "application/json", body, 400, mentions);
    return new Hostile(name, h.wire(), 400, mentions);
  }

  private Hostile chunked(String path, String contentType, String body) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nX-Tapis-Token: "
            + alice
            + "\r\nContent-Type: "
            + contentType
            + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    wire.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += 65_536) {
      int n = Math.min(65_536, bytes.length - at);
      wire.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      wire.write(bytes, at, n);
      wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    wire.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return new Hostile(
        "chunked " + contentType + " body over the limit", wire.toByteArray(), 413, "limit");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + (body.length() > 500 ? body.substring(0, 500) : body);
    }
  }

  /** Writes the request as it is and reads the answer until the server closes the connection. */
  private Answer exchange(byte[] wire) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(wire);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before reading all of a refused body
      }
      byte[] all = socket.getInputStream().readAllBytes();
      return parse(all);
    }
  }

  private static Answer parse(byte[] all) throws IOException {
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Answer(-1, Map.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    byte[] body =
        headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")
            ? dechunk(new java.io.ByteArrayInputStream(rest))
            : rest;
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int n = size.isEmpty() ? 0 : Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      in.read();
      in.read();
    }
  }
}
