package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The pods API through real HTTP: the whole flow, permissions and isolation between users. */
class PodApiIT extends ApiOnlyIT {

  ApiClient api;
  String alice;
  String bob;
  String carol;
  String dave;

  @BeforeAll
  void setUp() {
    PodApiSupport.clean(jdbc);
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
    carol = api.token("carol", "secret3");
    dave = api.token("dave", "secret4");
  }

  @Test
  void concurrentCreatesOfDatabasesEachGetTheirOwnProxyPort() {
    // postgres entries take a port of the proxy host: 16 creates racing for them must all succeed
    // (on PostgreSQL a lost race must not abort the creating transaction)
    List<java.util.concurrent.CompletableFuture<Reply>> creates = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String body = "{\"pod_id\":\"racedb" + i + "\",\"pod_template\":\"template/postgres\"}";
      creates.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> api.post("/v3/pods", body, alice)));
    }
    java.util.Set<String> urls = new java.util.HashSet<>();
    for (var create : creates) {
      Reply reply = create.join();
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      urls.add(reply.result().path("networking").path("default").path("url").asString());
    }
    assertThat(urls).hasSize(16).allMatch(u -> u.matches("localhost:\\d+"));
    for (int i = 0; i < 16; i++) {
      assertThat(api.delete("/v3/pods/racedb" + i, alice).status()).isEqualTo(200);
    }
  }

  @Test
  void wholeFlowThroughTheApi() {
    Reply created =
        api.post(
            "/v3/pods",
            """
            {"pod_id": "flowpod", "pod_template": "template/postgres",
             "description": "my database", "environment_variables": {"TZ": "UTC"}}
            """,
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.body().path("status").asString()).isEqualTo("success");
    JsonNode pod = created.result();
    assertThat(pod.path("pod_id").asString()).isEqualTo("flowpod");
    assertThat(pod.path("status").asString()).isEqualTo("REQUESTED");
    assertThat(pod.path("status_requested").asString()).isEqualTo("ON");
    assertThat(pod.path("image").asString()).isEqualTo("docker.io/library/postgres:16");
    assertThat(pod.path("networking").path("default").path("protocol").asString())
        .isEqualTo("postgres");
    assertThat(pod.path("resources").path("cpu_request").asInt()).isEqualTo(250);
    assertThat(pod.path("time_to_stop_default").asInt()).isEqualTo(43200);
    // a postgres entry is reached on a port of the proxy host
    assertThat(pod.path("url").asString()).matches("localhost:[0-9]+");
    assertThat(pod.has("creation_ts")).isTrue();
    assertThat(pod.path("action_logs").get(0).asString()).contains("alice").contains("created");
    assertThat(created.body().has("version")).isTrue();
    assertThat(created.body().has("metadata")).isTrue();

    Reply list = api.get("/v3/pods", alice);
    assertThat(ids(list)).contains("flowpod");

    Reply got = api.get("/v3/pods/flowpod", alice);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.result().path("description").asString()).isEqualTo("my database");

    Reply updated =
        api.put(
            "/v3/pods/flowpod",
            "{\"description\": \"renamed\", \"time_to_stop_default\": -1}",
            alice);
    assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    assertThat(updated.result().path("description").asString()).isEqualTo("renamed");
    assertThat(updated.result().path("time_to_stop_default").asInt()).isEqualTo(-1);

    Reply credentials = api.get("/v3/pods/flowpod/credentials", alice);
    assertThat(credentials.status()).isEqualTo(200);
    assertThat(credentials.result().path("user_username").asString()).isEqualTo("alice");
    assertThat(credentials.result().path("user_password").asString())
        .hasSizeGreaterThanOrEqualTo(24);
    assertThat(credentials.result().path("admin_password").asString())
        .hasSizeGreaterThanOrEqualTo(24)
        .isNotEqualTo(credentials.result().path("user_password").asString());

    // bob sees nothing until granted
    assertThat(api.get("/v3/pods/flowpod", bob).status()).isEqualTo(404);
    assertThat(ids(api.get("/v3/pods", bob))).doesNotContain("flowpod");
    Reply granted =
        api.post("/v3/pods/flowpod/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    assertThat(granted.status()).as(granted.text()).isEqualTo(200);
    assertThat(strings(granted.result().path("permissions")))
        .containsExactlyInAnyOrder("alice:ADMIN", "bob:READ");
    assertThat(api.get("/v3/pods/flowpod", bob).status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/flowpod/logs", bob).status()).isEqualTo(200);
    assertThat(ids(api.get("/v3/pods", bob))).contains("flowpod");
    // READ may not read credentials, update or stop
    assertThat(api.get("/v3/pods/flowpod/credentials", bob).status()).isEqualTo(403);
    assertThat(api.put("/v3/pods/flowpod", "{\"description\":\"x\"}", bob).status()).isEqualTo(403);
    assertThat(api.get("/v3/pods/flowpod/stop", bob).status()).isEqualTo(403);
    // USER may, but may not delete or grant
    api.post("/v3/pods/flowpod/permissions", "{\"user\":\"bob\",\"level\":\"USER\"}", alice);
    assertThat(api.get("/v3/pods/flowpod/credentials", bob).status()).isEqualTo(200);
    Reply stopped = api.get("/v3/pods/flowpod/stop", bob);
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.result().path("status_requested").asString()).isEqualTo("OFF");
    assertThat(api.delete("/v3/pods/flowpod", bob).status()).isEqualTo(403);
    assertThat(
            api.post("/v3/pods/flowpod/permissions", "{\"user\":\"dave\",\"level\":\"READ\"}", bob)
                .status())
        .isEqualTo(403);

    assertThat(
            api.get("/v3/pods/flowpod/start", alice).result().path("status_requested").asString())
        .isEqualTo("ON");
    assertThat(
            api.get("/v3/pods/flowpod/restart", alice).result().path("status_requested").asString())
        .isEqualTo("RESTART");

    Reply logs = api.get("/v3/pods/flowpod/logs", alice);
    assertThat(logs.result().has("logs")).isTrue();
    assertThat(strings(logs.result().path("action_logs")))
        .anySatisfy(line -> assertThat(line).contains("alice").contains("created"))
        .anySatisfy(line -> assertThat(line).contains("bob").contains("stop"))
        .anySatisfy(line -> assertThat(line).contains("granted USER to bob"))
        .anySatisfy(line -> assertThat(line).contains("restart"));

    // the last ADMIN stays
    Reply lastAdmin = api.delete("/v3/pods/flowpod/permissions/alice", alice);
    assertThat(lastAdmin.status()).isEqualTo(409);
    assertThat(lastAdmin.message()).contains("last ADMIN");
    Reply revoked = api.delete("/v3/pods/flowpod/permissions/bob", alice);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/flowpod", bob).status()).isEqualTo(404);

    Reply deleted = api.delete("/v3/pods/flowpod", alice);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/flowpod", alice).status()).isEqualTo(404);
    assertThat(ids(api.get("/v3/pods", alice))).doesNotContain("flowpod");
    // the id is free again once deleted
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"flowpod\",\"pod_template\":\"template/jupyter\"}",
                    alice)
                .status())
        .isEqualTo(200);
  }

  @Test
  void tenantAdminSeesAndManagesEveryPodOfTheTenant() {
    api.post("/v3/pods", "{\"pod_id\":\"davepod\",\"pod_template\":\"template/neo4j\"}", dave);
    assertThat(api.get("/v3/pods/davepod", carol).status()).isEqualTo(200);
    assertThat(ids(api.get("/v3/pods", carol))).contains("davepod");
    assertThat(api.get("/v3/pods/davepod/credentials", carol).status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/davepod", alice).status()).isEqualTo(404);
    assertThat(api.delete("/v3/pods/davepod", carol).status()).isEqualTo(200);
  }

  @Test
  void neo4jTemplateHasUserAndAdminAccounts() {
    api.post("/v3/pods", "{\"pod_id\":\"graphpod\",\"pod_template\":\"template/neo4j\"}", alice);
    JsonNode credentials = api.get("/v3/pods/graphpod/credentials", alice).result();
    assertThat(credentials.path("admin_username").asString()).isEqualTo("neo4j");
    assertThat(credentials.path("user_username").asString()).isEqualTo("alice");
    JsonNode pod = api.get("/v3/pods/graphpod", alice).result();
    assertThat(pod.path("networking").path("bolt").path("protocol").asString()).isEqualTo("tcp");
    assertThat(pod.path("networking").path("bolt").path("url").asString())
        .matches("localhost:[0-9]+");
    assertThat(pod.path("url").asString()).startsWith("http://graphpod.pods.localhost:");
    // the secrets are never shown outside the credentials call
    assertThat(pod.toString()).doesNotContain(credentials.path("user_password").asString());
    api.delete("/v3/pods/graphpod", alice);
  }

  @Test
  void customImageNeedsTheAllowlist() {
    Reply refused =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"nginxpod\",\"pod_template\":\"docker.io/library/nginx:1.27\"}",
            alice);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).contains("pod_template").contains("allowlist");

    Reply allowed =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"imagepod\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\"}",
            alice);
    assertThat(allowed.status()).as(allowed.text()).isEqualTo(200);
    assertThat(allowed.result().path("networking").path("default").path("port").asInt())
        .isEqualTo(5000);

    // tenant admins manage the tenant's allowlist; others may only read it
    assertThat(
            api.post("/v3/pods/images", "{\"image\":\"docker.io/library/nginx:*\"}", alice)
                .status())
        .isEqualTo(403);
    Reply added =
        api.post(
            "/v3/pods/images",
            "{\"image\":\"docker.io/library/nginx:*\",\"description\":\"web\"}",
            carol);
    assertThat(added.status()).as(added.text()).isEqualTo(200);
    assertThat(strings(api.get("/v3/pods/images", alice).result(), "image"))
        .contains("docker.io/library/nginx:*", "localhost/berth-test/*");
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"nginxpod\",\"pod_template\":\"docker.io/library/nginx:1.27\"}",
                    alice)
                .status())
        .isEqualTo(200);
    // the spec's shapes: tenants a list, one image by its id, descriptions, bulk, "" on delete
    assertThat(added.result().path("tenants").toString()).isEqualTo("[\"default\"]");
    Reply one = api.get("/v3/pods/images/docker.io/library/nginx:*", alice);
    assertThat(one.status()).as(one.text()).isEqualTo(200);
    assertThat(one.result().path("description").asString()).isEqualTo("web");
    assertThat(api.get("/v3/pods/images/localhost/berth-test/*", alice).result().path("tenants"))
        .hasToString("[\"*\"]");
    assertThat(api.get("/v3/pods/images/nosuch/*", alice).status()).isEqualTo(404);
    Reply described =
        api.put(
            "/v3/pods/images/docker.io/library/nginx:*",
            "{\"description\":\"web servers\"}",
            carol);
    assertThat(described.result().path("description").asString()).isEqualTo("web servers");
    assertThat(
            api.put("/v3/pods/images/docker.io/library/nginx:*", "{\"description\":\"x\"}", alice)
                .status())
        .isEqualTo(403);
    assertThat(
            api.post(
                    "/v3/pods/images",
                    "{\"image\":\"docker.io/x/*\",\"tenants\":[\"science\"]}",
                    carol)
                .status())
        .isEqualTo(403);
    String bulk = "[{\"image\":\"docker.io/library/nginx:*\"},{\"image\":\"docker.io/bulk/*\"}]";
    Reply duplicate = api.post("/v3/pods/images/bulk", bulk, carol);
    assertThat(duplicate.status()).as(duplicate.text()).isEqualTo(409);
    assertThat(strings(api.get("/v3/pods/images", alice).result(), "image"))
        .doesNotContain("docker.io/bulk/*");
    Reply skipped = api.post("/v3/pods/images/bulk?skip_duplicates=true", bulk, carol);
    assertThat(skipped.status()).as(skipped.text()).isEqualTo(200);
    assertThat(strings(skipped.result(), "image")).containsExactly("docker.io/bulk/*");
    Reply deleted = api.delete("/v3/pods/images/docker.io/bulk/*", carol);
    assertThat(deleted.result().asString()).isEmpty();

    assertThat(api.delete("/v3/pods/images/docker.io/library/nginx:*", carol).status())
        .isEqualTo(200);
    assertThat(api.delete("/v3/pods/images/docker.io/library/nginx:*", carol).status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"nginxtwo\",\"pod_template\":\"docker.io/library/nginx:1.27\"}",
                    alice)
                .status())
        .isEqualTo(400);
  }

  /** Tapis's own tests send JSON bodies without a Content-Type; Tapis reads them as JSON. */
  @Test
  void jsonWithoutAContentTypeIsReadAsJson() {
    Reply reply =
        api.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.base() + "/v3/pods/images"))
                .header("X-Tapis-Token", carol)
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"image\":\"docker.io/untyped/*\"}"))
                .build());
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(api.delete("/v3/pods/images/docker.io/untyped/*", carol).status()).isEqualTo(200);
  }

  @Test
  void templatesAreListed() {
    Reply templates = api.get("/v3/pods/templates", alice);
    assertThat(templates.status()).isEqualTo(200);
    assertThat(strings(templates.result(), "template_id")).contains("postgres", "neo4j", "jupyter");
    assertThat(
            api.get("/v3/pods/templates/postgres/tags/latest", alice)
                .result()
                .get(0)
                .path("pod_definition")
                .path("image")
                .asString())
        .startsWith("docker.io/library/postgres");
    assertThat(api.get("/v3/pods/templates/nosuch", alice).status()).isEqualTo(404);
  }

  @Test
  void healthcheckNeedsNoToken() {
    Reply health = api.get("/v3/pods/healthcheck", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().path("status").asString()).isEqualTo("success");
    // Berth's own version, the one bin/berth version and the jar's manifest report
    assertThat(health.body().path("version").asString())
        .isEqualTo(io.berth.web.BerthVersion.current())
        .doesNotContain("development")
        .isNotEqualTo("1.8.0");
  }

  @Test
  void everyEndpointButHealthcheckNeedsAToken() {
    for (String path :
        List.of(
            "/v3/pods",
            "/v3/pods/anypod",
            "/v3/pods/anypod/logs",
            "/v3/pods/anypod/credentials",
            "/v3/pods/templates",
            "/v3/pods/images")) {
      Reply reply = api.get(path, null);
      assertThat(reply.status()).as(path).isEqualTo(401);
      assertThat(reply.body().path("status").asString()).isEqualTo("error");
    }
    assertThat(api.get("/v3/pods", "not-a-token").status()).isEqualTo(401);
  }

  /**
   * Tapis's {@code jupyter/ensure}: calls at once make one notebook pod from the site's jupyter
   * template, later calls find it; {@code jupyter/{pod_id}/upload} checks rights and the pod's
   * state.
   */
  @Test
  void jupyterEnsureMakesOneNotebookPodAndUploadNeedsItRunning() {
    List<java.util.concurrent.CompletableFuture<Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> api.get("/v3/pods/jupyter/ensure", bob)));
    }
    List<String> messages = new ArrayList<>();
    for (var call : calls) {
      Reply reply = call.join();
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      assertThat(reply.result().path("pod_id").asString()).isEqualTo("bobjupyter");
      assertThat(reply.result().path("url").asString()).contains("bobjupyter");
      messages.add(reply.message());
    }
    assertThat(messages).containsOnlyOnce("Created new Jupyter pod successfully.");
    assertThat(ids(api.get("/v3/pods", bob))).containsOnlyOnce("bobjupyter");
    JsonNode pod = api.get("/v3/pods/bobjupyter", bob).result();
    assertThat(pod.path("template").asString()).isEqualTo("jupyter");
    assertThat(pod.path("status_requested").asString()).isEqualTo("ON");
    Reply again = api.get("/v3/pods/jupyter/ensure", bob);
    assertThat(again.message()).isEqualTo("Retrieved existing Jupyter pod successfully.");

    assertThat(notebookUpload("bobjupyter", "path", "work/a.ipynb", alice).status()).isEqualTo(404);
    // this context runs no containers: the pod is never AVAILABLE
    Reply notRunning = notebookUpload("bobjupyter", "path", "work/a.ipynb", bob);
    assertThat(notRunning.status()).as(notRunning.text()).isEqualTo(409);
    assertThat(notRunning.message()).contains("AVAILABLE");
    assertThat(api.delete("/v3/pods/bobjupyter", bob).status()).isEqualTo(200);
  }

  Reply notebookUpload(String podId, String pathField, String path, String token) {
    String body =
        "--b\r\nContent-Disposition: form-data; name=\""
            + pathField
            + "\"\r\n\r\n"
            + path
            + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
            + "{}\r\n--b--\r\n";
    return api.send(
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.base() + "/v3/pods/jupyter/" + podId + "/upload"))
            .header("X-Tapis-Token", token)
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static List<String> ids(Reply reply) {
    return strings(reply.result(), "pod_id");
  }

  static List<String> strings(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.path(field).asString()));
    return values;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asString()));
    return values;
  }
}
