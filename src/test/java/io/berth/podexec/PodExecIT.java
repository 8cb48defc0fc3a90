package io.berth.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code exec} and {@code upload_to_pod} through the API on real Podman: commands run in the pod's
 * container with exit code, output and timing, within their timeouts, logged without arguments; a
 * file lands at its path in the container; bad input, missing rights and a stopped pod are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PodExecIT {
  static final String SITE = "exec" + UUID.randomUUID().toString().substring(0, 6);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, TestDatabase.newHome());
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1,bob:secret2");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "200ms");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.enabled", () -> "false");
    registry.add("berth.pods.exec.upload-limit", () -> "64KB");
    registry.add("berth.pods.jupyter.root", () -> "/tmp/notebook");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  String bob;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from permissions where kind = 'pod'").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"shell\",\"pod_template\":\"" + TestImages.BUSYBOX_HTTPD + "\"}",
                    alice)
                .status())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> status("shell").equals("AVAILABLE"));
  }

  @AfterAll
  void removeContainers() {
    api.delete("/v3/pods/shell", alice);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  String status(String podId) {
    return api.get("/v3/pods/" + podId, alice).result().path("status").asString();
  }

  ApiClient.Reply exec(String body, String token) {
    return api.post("/v3/pods/shell/exec", body, token);
  }

  @Test
  @Order(1)
  void oneCommandRunsWithItsOutputExitCodeAndTiming() {
    ApiClient.Reply reply =
        exec("{\"commands\":[\"sh\",\"-c\",\"echo hello; echo oops >&2\"]}", alice);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.message()).isEqualTo("All commands completed.");
    var result = reply.result().path("execution_results").get(0);
    assertThat(result.path("stdout").asString()).isEqualTo("hello\n");
    assertThat(result.path("stderr").asString()).isEqualTo("oops\n");
    assertThat(result.path("success").asBoolean()).isTrue();
    assertThat(result.path("exit_code").asInt()).isZero();
    assertThat(result.path("duration_sec").isNumber()).isTrue();
    assertThat(result.path("command").get(2).asString()).isEqualTo("echo hello; echo oops >&2");
    assertThat(reply.result().path("total_commands").asInt()).isEqualTo(1);
    assertThat(reply.result().path("successful_commands").asInt()).isEqualTo(1);
    // logged with its program only: arguments may hold secrets
    String logs = api.get("/v3/pods/shell/logs", alice).result().path("action_logs").toString();
    assertThat(logs)
        .contains("alice: ran command 1 of 1 (sh): exit code 0")
        .doesNotContain("hello");
  }

  @Test
  @Order(2)
  void severalCommandsStopAtAFailureUnlessToldNotTo() {
    ApiClient.Reply stopped = exec("{\"commands\":[[\"false\"],[\"echo\",\"never\"]]}", alice);
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.message()).startsWith("Execution stopped due to command failure");
    assertThat(stopped.result().path("execution_results").size()).isEqualTo(1);
    assertThat(stopped.result().path("execution_results").get(0).path("exit_code").asInt())
        .isEqualTo(1);
    assertThat(stopped.result().path("total_commands").asInt()).isEqualTo(2);
    assertThat(stopped.result().path("successful_commands").asInt()).isZero();

    ApiClient.Reply through =
        exec(
            "{\"commands\":[[\"false\"],[\"echo\",\"ran\"]],\"fail_on_non_success\":false}", alice);
    assertThat(through.result().path("execution_results").size()).isEqualTo(2);
    assertThat(through.result().path("execution_results").get(1).path("stdout").asString())
        .isEqualTo("ran\n");
    assertThat(through.result().path("successful_commands").asInt()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void aCommandPastItsTimeoutIsReportedAndStopsTheRest() {
    long start = System.nanoTime();
    ApiClient.Reply reply =
        exec("{\"commands\":[[\"sleep\",\"30\"],[\"true\"]],\"command_timeout\":1}", alice);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.message()).startsWith("Execution stopped due to command timeout");
    var result = reply.result().path("execution_results").get(0);
    assertThat(result.path("timed_out").asBoolean()).isTrue();
    assertThat(result.path("success").asBoolean()).isFalse();
    assertThat(result.path("exit_code").isNull()).isTrue();
    assertThat(reply.result().path("execution_results").size()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void badRequestsNameTheFieldAndRightsAreChecked() {
    assertThat(exec("{\"commands\":\"ls\"}", alice).message()).contains("Field commands");
    assertThat(exec("{\"commands\":[]}", alice).status()).isEqualTo(400);
    assertThat(exec("{\"commands\":[[\"ls\"], \"pwd\"]}", alice).message())
        .contains("Field commands[1]");
    ApiClient.Reply zero = exec("{\"commands\":[\"ls\"],\"command_timeout\":0}", alice);
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.message()).contains("command_timeout");
    assertThat(exec("{\"commands\":[\"ls\"],\"total_timeout\":\"x\"}", alice).message())
        .contains("total_timeout");
    assertThat(exec("{}", alice).message()).contains("Field commands is required");

    assertThat(exec("{\"commands\":[\"ls\"]}", bob).status()).isEqualTo(404);
    api.post("/v3/pods/shell/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    assertThat(exec("{\"commands\":[\"ls\"]}", bob).status()).isEqualTo(403);
    assertThat(upload("/tmp/x", "x".getBytes(StandardCharsets.UTF_8), bob).status()).isEqualTo(403);
    api.delete("/v3/pods/shell/permissions/bob", alice);
  }

  @Test
  @Order(5)
  void aFileIsCopiedIntoThePodAtItsPath() {
    byte[] content = "line one\nline two with 'quotes'\n".getBytes(StandardCharsets.UTF_8);
    ApiClient.Reply reply = upload("/tmp/new/dir/data.txt", content, alice);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.result().asString()).isEqualTo("/tmp/new/dir/data.txt");
    ApiClient.Reply read = exec("{\"commands\":[\"cat\",\"/tmp/new/dir/data.txt\"]}", alice);
    assertThat(read.result().path("execution_results").get(0).path("stdout").asString())
        .isEqualTo(new String(content, StandardCharsets.UTF_8));
    String logs = api.get("/v3/pods/shell/logs", alice).result().path("action_logs").toString();
    assertThat(logs).contains("alice: uploaded a file of " + content.length + " bytes to /tmp/new");
    // tapipy sends dest_path as a file part too (requests' files=), named after the field
    ApiClient.Reply asTapipy =
        api.send(
            multipart(
                alice,
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\r\n"
                    + "from tapipy\r\n--b\r\nContent-Disposition: form-data; name=\"dest_path\";"
                    + " filename=\"dest_path\"\r\n\r\n/tmp/tapipy.txt\r\n--b--\r\n"));
    assertThat(asTapipy.status()).as(asTapipy.text()).isEqualTo(200);
    assertThat(asTapipy.result().asString()).isEqualTo("/tmp/tapipy.txt");
  }

  @Test
  @Order(6)
  void uploadsAreBoundedAndTheirPathChecked() {
    ApiClient.Reply big = upload("/tmp/big", new byte[200 * 1024], alice);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.message()).contains("Field file");
    for (String bad : new String[] {"tmp/relative", "/tmp/../etc/passwd", "/tmp/dir/", "/a//b"}) {
      ApiClient.Reply refused = upload(bad, new byte[] {1}, alice);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.message()).as(bad).contains("dest_path");
    }
    ApiClient.Reply noFile =
        api.send(
            multipart(
                alice,
                "--b\r\nContent-Disposition: form-data; name=\"dest_path\"\r\n\r\n"
                    + "/tmp/x\r\n--b--\r\n"));
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.message()).contains("Field file is required");
  }

  /** Tapis's {@code upload_to_jupyter}: the file lands at {@code path} under the notebook root. */
  @Test
  @Order(6)
  void aFileUploadedToANotebookLandsUnderItsRoot() {
    ApiClient.Reply reply =
        api.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/jupyter/shell/upload"))
                .header("X-Tapis-Token", alice)
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n\"\r\n"
                            + "\r\n{\"cells\":[]}\r\n--b\r\nContent-Disposition: form-data;"
                            + " name=\"path\"\r\n\r\nwork/n.ipynb\r\n--b--\r\n"))
                .build());
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.result().path("upload_path").asString()).isEqualTo("work/n.ipynb");
    assertThat(reply.result().path("pod_name").asString()).isEqualTo("shell");
    ApiClient.Reply read = exec("{\"commands\":[\"cat\",\"/tmp/notebook/work/n.ipynb\"]}", alice);
    assertThat(read.result().path("execution_results").get(0).path("stdout").asString())
        .isEqualTo("{\"cells\":[]}");
    ApiClient.Reply escaping =
        api.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/jupyter/shell/upload"))
                .header("X-Tapis-Token", alice)
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n\"\r\n"
                            + "\r\nx\r\n--b\r\nContent-Disposition: form-data;"
                            + " name=\"path\"\r\n\r\n../../etc/x\r\n--b--\r\n"))
                .build());
    assertThat(escaping.status()).isEqualTo(400);
    assertThat(escaping.message()).startsWith("Field path ");
  }

  @Test
  @Order(7)
  void aPodThatIsNotRunningIsRefusedWithConflict() {
    api.get("/v3/pods/shell/stop", alice);
    await().atMost(Duration.ofSeconds(30)).until(() -> status("shell").equals("STOPPED"));
    ApiClient.Reply refused = exec("{\"commands\":[\"ls\"]}", alice);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.message()).contains("STOPPED").contains("AVAILABLE");
    ApiClient.Reply malformed = exec("{\"commands\":\"id\"}", alice);
    assertThat(malformed.status()).as("the body is checked before the state").isEqualTo(400);
    assertThat(malformed.message()).contains("Field commands");
    assertThat(upload("/tmp/x", new byte[] {1}, alice).status()).isEqualTo(409);
    ApiClient.Reply badPath = upload("tmp/relative", new byte[] {1}, alice);
    assertThat(badPath.status()).as("the form is checked before the state").isEqualTo(400);
    assertThat(badPath.message()).contains("dest_path");
    ApiClient.Reply noFile =
        api.send(
            multipart(
                alice,
                "--b\r\nContent-Disposition: form-data; name=\"dest_path\"\r\n\r\n"
                    + "/tmp/x\r\n--b--\r\n"));
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.message()).contains("Field file is required");
  }

  ApiClient.Reply upload(String destPath, byte[] content, String token) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--b\r\nContent-Disposition: form-data; name=\"dest_path\"\r\n\r\n"
                + destPath
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    return api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/shell/upload_to_pod"))
            .header("X-Tapis-Token", token)
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  HttpRequest multipart(String token, String body) {
    return HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/shell/upload_to_pod"))
        .header("X-Tapis-Token", token)
        .header("Content-Type", "multipart/form-data; boundary=b")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
