package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule on pod input, through real HTTP: each refusal is a 4xx envelope naming the field and
 * the rule, never a 500, and leaves what is stored unchanged.
 */
class PodValidationIT extends ApiOnlyIT {

  ApiClient api;
  String alice;

  @BeforeAll
  void setUp() {
    PodApiSupport.clean(jdbc);
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    Reply kept =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"keptpod\",\"pod_template\":\"template/postgres\",\"description\":\"kept\"}",
            alice);
    assertThat(kept.status()).as(kept.text()).isEqualTo(200);
  }

  static Stream<Arguments> badNewPods() {
    String t = "\"pod_template\":\"template/postgres\"";
    return Stream.of(
        bad(400, "pod_id", "{" + t + "}"),
        bad(400, "pod_id", "{\"pod_id\":\"Bad-Id\"," + t + "}"),
        bad(400, "pod_id", "{\"pod_id\":\"ab\"," + t + "}"),
        bad(400, "pod_id", "{\"pod_id\":\"1abc\"," + t + "}"),
        bad(400, "pod_id", "{\"pod_id\":\"" + "a".repeat(65) + "\"," + t + "}"),
        bad(400, "reserved", "{\"pod_id\":\"volumes\"," + t + "}"),
        bad(400, "reserved", "{\"pod_id\":\"templates\"," + t + "}"),
        bad(400, "reserved", "{\"pod_id\":\"healthcheck\"," + t + "}"),
        bad(409, "already exists", "{\"pod_id\":\"keptpod\"," + t + "}"),
        bad(400, "pod_template", "{\"pod_id\":\"newpod\"}"),
        bad(400, "pod_template", "{\"pod_id\":\"newpod\",\"pod_template\":\"template/nosuch\"}"),
        bad(400, "allowlist", "{\"pod_id\":\"newpod\",\"pod_template\":\"evil.example/miner:1\"}"),
        bad(400, "pod_template", "{\"pod_id\":\"newpod\",\"pod_template\":\"NOT AN IMAGE\"}"),
        bad(
            400,
            "description",
            "{\"pod_id\":\"newpod\"," + t + ",\"description\":\"" + "x".repeat(256) + "\"}"),
        bad(
            400,
            "description field may only contain ASCII characters",
            "{\"pod_id\":\"newpod\"," + t + ",\"description\":\"café\"}"),
        bad(
            400,
            "environment_variables",
            "{\"pod_id\":\"newpod\"," + t + ",\"environment_variables\":{\"1BAD\":\"x\"}}"),
        bad(
            400,
            "environment_variables",
            "{\"pod_id\":\"newpod\"," + t + ",\"environment_variables\":{\"A-B\":\"x\"}}"),
        bad(
            400,
            "environment_variables.COUNT",
            "{\"pod_id\":\"newpod\"," + t + ",\"environment_variables\":{\"COUNT\":3}}"),
        bad(400, "command[1]", "{\"pod_id\":\"newpod\"," + t + ",\"command\":[\"sleep\",10]}"),
        bad(400, "command", "{\"pod_id\":\"newpod\"," + t + ",\"command\":\"sleep 10\"}"),
        bad(
            400,
            "networking",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"networking\":{\"a\":{},\"b\":{},\"c\":{},\"d\":{}}}"),
        bad(
            400,
            "networking.default.protocol",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"networking\":{\"default\":{\"protocol\":\"udp\",\"port\":53}}}"),
        bad(
            400,
            "networking.default.port",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":0}}}"),
        bad(
            400,
            "networking.default.port",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":65536}}}"),
        bad(
            400,
            "networking",
            "{\"pod_id\":\"newpod\"," + t + ",\"networking\":{\"Bad_Key\":{\"port\":80}}}"),
        bad(
            400,
            "tapis_auth",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"networking\":{\"default\":{\"protocol\":\"tcp\",\"port\":80,\"tapis_auth\":true}}}"),
        bad(
            400,
            "time_to_stop_default",
            "{\"pod_id\":\"newpod\"," + t + ",\"time_to_stop_default\":299}"),
        bad(
            400,
            "time_to_stop_default",
            "{\"pod_id\":\"newpod\"," + t + ",\"time_to_stop_default\":0}"),
        bad(
            400,
            "time_to_stop_instance",
            "{\"pod_id\":\"newpod\"," + t + ",\"time_to_stop_instance\":-5}"),
        bad(
            400,
            "resources.cpu_limit",
            "{\"pod_id\":\"newpod\"," + t + ",\"resources\":{\"cpu_limit\":64000}}"),
        bad(
            400,
            "resources.mem_limit",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"resources\":{\"mem_request\":256,\"mem_limit\":999999}}"),
        bad(400, "resources.gpus", "{\"pod_id\":\"newpod\"," + t + ",\"resources\":{\"gpus\":1}}"),
        bad(
            400,
            "resources.cpu_request",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"resources\":{\"cpu_request\":3000,\"cpu_limit\":2000}}"),
        bad(
            400,
            "resources.mem_request",
            "{\"pod_id\":\"newpod\"," + t + ",\"resources\":{\"mem_request\":-1}}"),
        bad(
            400,
            "resources.cpu_request",
            "{\"pod_id\":\"newpod\"," + t + ",\"resources\":{\"cpu_request\":\"lots\"}}"),
        bad(
            400,
            "status_requested",
            "{\"pod_id\":\"newpod\"," + t + ",\"status_requested\":\"MAYBE\"}"),
        bad(
            400,
            "volume_mounts",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"volume_mounts\":{\"myvol\":{\"type\":\"nfs\",\"mount_path\":\"/data\"}}}"),
        bad(
            400,
            "mount_path",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"volume_mounts\":{\"myvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"data\"}}}"),
        bad(
            400,
            "sub_path",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"volume_mounts\":{\"myvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/data\",\"sub_path\":\"../etc\"}}}"),
        bad(
            404,
            "myvol",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"volume_mounts\":{\"myvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/data\"}}}"),
        bad(400, "colour", "{\"pod_id\":\"newpod\"," + t + ",\"colour\":\"blue\"}"),
        bad(
            400,
            "wake_on_connect",
            "{\"pod_id\":\"newpod\"," + t + ",\"wake_on_connect\":\"sometimes\"}"),
        bad(
            400,
            "networking.default.speed",
            "{\"pod_id\":\"newpod\","
                + t
                + ",\"networking\":{\"default\":{\"port\":80,\"speed\":1}}}"),
        bad(400, "JSON", "{\"pod_id\":\"newpod\","),
        bad(400, "JSON", "not json at all"),
        bad(400, "JSON object", "[1,2,3]"),
        bad(400, "JSON", ""));
  }

  static Arguments bad(int status, String mentions, String body) {
    return Arguments.of(status, mentions, body);
  }

  @ParameterizedTest(name = "{0} naming {1}: {2}")
  @MethodSource("badNewPods")
  void badNewPodIsRefusedWithAClearMessage(int status, String mentions, String body) {
    Reply reply = api.post("/v3/pods", body, alice);
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.body().path("status").asString()).isEqualTo("error");
    assertThat(reply.message())
        .contains(mentions)
        .doesNotContain("Exception")
        .doesNotContain("at io.");
    assertStoredStateUnchanged();
  }

  static Stream<Arguments> badUpdates() {
    return Stream.of(
        bad(400, "description", "{\"description\":\"" + "x".repeat(256) + "\"}"),
        bad(
            400,
            "description field may only contain ASCII characters",
            "{\"description\":\"naïve\"}"),
        bad(400, "pod_id", "{\"pod_id\":\"other\"}"),
        bad(400, "time_to_stop_instance", "{\"time_to_stop_instance\":10}"),
        bad(400, "wake_on_connect", "{\"wake_on_connect\":[true]}"),
        bad(400, "Incoming data made no changes", "{}"),
        bad(400, "environment_variables", "{\"environment_variables\":{\"A B\":\"x\"}}"),
        bad(400, "allowlist", "{\"pod_template\":\"evil.example/miner:1\"}"),
        bad(400, "JSON", "{\"description\": "));
  }

  @ParameterizedTest(name = "{0} naming {1}: {2}")
  @MethodSource("badUpdates")
  void badUpdateIsRefusedAndChangesNothing(int status, String mentions, String body) {
    Reply reply = api.put("/v3/pods/keptpod", body, alice);
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.message()).contains(mentions);
    assertStoredStateUnchanged();
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    String huge =
        "{\"pod_id\":\"hugepod\",\"pod_template\":\"template/postgres\",\"description\":\""
            + "x".repeat(1_100_000)
            + "\"}";
    Reply reply = api.post("/v3/pods", huge, alice);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body().path("status").asString()).isEqualTo("error");
    assertStoredStateUnchanged();
  }

  @Test
  void badPermissionGrantsAreRefused() {
    assertThat(
            api.post(
                    "/v3/pods/keptpod/permissions", "{\"user\":\"bob\",\"level\":\"OWNER\"}", alice)
                .message())
        .contains("level");
    assertThat(api.post("/v3/pods/keptpod/permissions", "{\"level\":\"READ\"}", alice).status())
        .isEqualTo(400);
    assertThat(api.delete("/v3/pods/keptpod/permissions/nobody", alice).status()).isEqualTo(404);
    assertThat(
            api.post(
                    "/v3/pods/keptpod/permissions",
                    "{\"user\":\"alice\",\"level\":\"READ\"}",
                    alice)
                .status())
        .isEqualTo(409);
    assertStoredStateUnchanged();
  }

  @Test
  void unknownEndpointsAndMethodsAnswerInTheEnvelope() {
    Reply unknown = api.get("/v3/pods/keptpod/nosuch", alice);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("status").asString()).isEqualTo("error");
    Reply method = api.send("PATCH", "/v3/pods/keptpod", "{}", alice);
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.body().path("status").asString()).isEqualTo("error");
  }

  private void assertStoredStateUnchanged() {
    Reply list = api.get("/v3/pods", alice);
    assertThat(PodApiIT.ids(list)).containsExactly("keptpod");
    Reply kept = api.get("/v3/pods/keptpod", alice);
    assertThat(kept.result().path("description").asString()).isEqualTo("kept");
    assertThat(kept.result().path("time_to_stop_default").asInt()).isEqualTo(43200);
    assertThat(
            PodApiIT.strings(
                api.get("/v3/pods/keptpod/permissions", alice).result().path("permissions")))
        .containsExactly("alice:ADMIN");
  }
}
