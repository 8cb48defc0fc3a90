package io.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.auth.SiteAdmin;
import io.berth.permissions.Permissions;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Templates as API objects through real HTTP (every answer checked against Tapis's spec by {@link
 * ApiClient}): create, tags, permissions with tenant- and site-wide sharing, 404 without READ,
 * 409s, bad tags naming the field, archive, and the site templates imported at start.
 */
class TemplateApiIT extends ApiOnlyIT {
  static final String GOOD_DEFINITION =
      "{\"image\":\"localhost/berth-test/web:1\",\"description\":\"web\","
          + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":8080}},"
          + "\"environment_variables\":{\"MODE\":\"lab\"}}";

  @Autowired SiteTemplates siteTemplates;
  @Autowired TemplateCatalog catalog;
  @Autowired TemplateRepository repository;
  @Autowired TemplateService service;
  @Autowired Permissions permissions;
  @Autowired SiteAdmin siteAdmin;
  @Autowired JsonMapper json;
  @Autowired Clock clock;
  @Autowired PlatformTransactionManager transactions;

  ApiClient api;
  String alice;
  String bob;
  String carol;
  String dave;

  @BeforeAll
  void setUp() {
    jdbc.sql("delete from pods where pod_template like 'template/%'").update();
    jdbc.sql("delete from template_tags").update();
    jdbc.sql("delete from templates").update();
    jdbc.sql("delete from permissions where kind = 'template'").update();
    siteTemplates.importAll();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
    carol = api.token("carol", "secret3");
    dave = api.token("dave", "secret4");
  }

  Reply create(String id, String token) {
    return api.post(
        "/v3/pods/templates",
        "{\"template_id\":\""
            + id
            + "\",\"description\":\"a lab web app\",\"metatags\":[\"lab\","
            + "\"web\"]}",
        token);
  }

  Reply addTag(String id, String tag, String definition, String token) {
    String tagField = tag == null ? "" : ",\"tag\":\"" + tag + "\"";
    return api.post(
        "/v3/pods/templates/" + id + "/tags",
        "{\"pod_definition\":" + definition + ",\"commit_message\":\"v\"" + tagField + "}",
        token);
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asString()));
    return out;
  }

  @Test
  void createReadUpdateListAndRefuseDuplicates() {
    Reply created = create("labweb", alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.message()).isEqualTo("Template added successfully.");
    assertThat(created.result().path("template_id").asString()).isEqualTo("labweb");
    assertThat(texts(created.result().path("metatags"), "")).hasSize(2);

    assertThat(create("labweb", bob).status()).isEqualTo(409);
    assertThat(create("postgres", alice).status()).isEqualTo(409); // a site template's id
    Reply badId = create("Bad-Id", alice);
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.message()).contains("template_id");
    assertThat(create("tags", alice).message()).contains("reserved");
    Reply unknown =
        api.post("/v3/pods/templates", "{\"template_id\":\"abcd\",\"owner\":\"x\"}", alice);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("owner");

    Reply accented = api.put("/v3/pods/templates/labweb", "{\"description\":\"café\"}", alice);
    assertThat(accented.status()).isEqualTo(400);
    assertThat(accented.message()).contains("description field may only contain ASCII characters");

    Reply updated =
        api.put("/v3/pods/templates/labweb", "{\"description\":\"now with TLS\"}", alice);
    assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    assertThat(updated.result().path("description").asString()).isEqualTo("now with TLS");
    assertThat(updated.result().path("metatags").size()).isEqualTo(2);

    Reply byTag = api.get("/v3/pods/templates?metatag=lab", alice);
    assertThat(texts(byTag.result(), "template_id")).contains("labweb").doesNotContain("postgres");
    Reply byText = api.get("/v3/pods/templates?search=tls", alice);
    assertThat(texts(byText.result(), "template_id")).containsExactly("labweb");
  }

  @Test
  void tagsAreImmutableAndLatestIsTheNewest() {
    create("tagged", alice);
    Reply v1 = addTag("tagged", "v1", GOOD_DEFINITION, alice);
    assertThat(v1.status()).as(v1.text()).isEqualTo(200);
    assertThat(v1.result().path("tag_timestamp").asString()).startsWith("v1@");
    assertThat(v1.result().path("added_by").asString()).isEqualTo("alice");
    assertThat(
            v1.result()
                .path("pod_definition")
                .path("networking")
                .path("default")
                .path("port")
                .asInt())
        .isEqualTo(8080);

    Reply again = addTag("tagged", "v1", GOOD_DEFINITION, alice);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("already has a tag v1");

    // latest may be given many times: each is a new version; latest always means the newest
    String second = GOOD_DEFINITION.replace("web:1", "web:2");
    assertThat(addTag("tagged", null, second, alice).status()).isEqualTo(200);
    String third = GOOD_DEFINITION.replace("web:1", "web:3");
    Reply newest = addTag("tagged", "latest", third, alice);
    assertThat(newest.status()).isEqualTo(200);

    Reply latest = api.get("/v3/pods/templates/tagged/tags/latest", alice);
    assertThat(latest.status()).as(latest.text()).isEqualTo(200);
    assertThat(latest.result().get(0).path("pod_definition").path("image").asString())
        .endsWith("web:3");
    Reply exact =
        api.get(
            "/v3/pods/templates/tagged/tags/" + v1.result().path("tag_timestamp").asString(),
            alice);
    assertThat(exact.result().get(0).path("tag").asString()).isEqualTo("v1");
    assertThat(api.get("/v3/pods/templates/tagged/tags/v9", alice).status()).isEqualTo(404);

    Reply all = api.get("/v3/pods/templates/tagged/tags", alice);
    assertThat(texts(all.result(), "tag")).containsExactly("v1", "latest", "latest");
    Reply small = api.get("/v3/pods/templates/tagged/tags?full=false", alice);
    assertThat(small.result().get(0).has("pod_definition")).isFalse();

    Reply everything = api.get("/v3/pods/templates/tags?full=false", alice);
    assertThat(everything.status()).as(everything.text()).isEqualTo(200);
    JsonNode entry = everything.result().path("tagged");
    assertThat(entry.path("tags").size()).isEqualTo(3);
    assertThat(entry.path("tags").get(0).has("pod_definition")).isFalse();
    assertThat(everything.result().has("postgres")).isTrue();
  }

  @Test
  void badTagsNameTheFieldAndStoreNothing() {
    create("badtags", alice);
    Reply port =
        addTag(
            "badtags",
            "p",
            "{\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":70000}}}",
            alice);
    assertThat(port.status()).isEqualTo(400);
    assertThat(port.message()).contains("pod_definition.networking.default.port");
    Reply unknown = addTag("badtags", "u", "{\"imagine\":\"x\"}", alice);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("imagine");
    Reply env = addTag("badtags", "e", "{\"environment_variables\":{\"1BAD\":\"x\"}}", alice);
    assertThat(env.status()).isEqualTo(400);
    assertThat(env.message()).contains("pod_definition.environment_variables");
    Reply image = addTag("badtags", "i", "{\"image\":\"evil.example/miner:1\"}", alice);
    assertThat(image.status()).isEqualTo(400);
    assertThat(image.message()).contains("pod_definition.image");
    Reply mount =
        addTag(
            "badtags",
            "m",
            "{\"volume_mounts\":{\"myvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/etc\"}}}",
            alice);
    assertThat(mount.status()).isEqualTo(400);
    assertThat(mount.message()).contains("pod_definition.volume_mounts.myvol.mount_path");
    Reply base = addTag("badtags", "b", "{\"template\":\"nosuchtemplate\"}", alice);
    assertThat(base.status()).isEqualTo(400);
    assertThat(base.message()).contains("pod_definition.template");
    Reply noMessage =
        api.post(
            "/v3/pods/templates/badtags/tags",
            "{\"pod_definition\":" + GOOD_DEFINITION + "}",
            alice);
    assertThat(noMessage.status()).isEqualTo(400);
    assertThat(noMessage.message()).contains("commit_message");
    Reply badName = addTag("badtags", "a:b", GOOD_DEFINITION, alice);
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.message()).contains("tag");
    String huge = "x".repeat(30000);
    Reply tooBig =
        addTag(
            "badtags",
            "big",
            "{\"environment_variables\":{\"A\":\""
                + huge
                + "\",\"B\":\""
                + huge
                + "\",\"C\":\""
                + huge
                + "\"}}",
            alice);
    assertThat(tooBig.status()).isBetween(400, 413);
    assertThat(tooBig.message()).contains("pod_definition");
    assertThat(api.get("/v3/pods/templates/badtags/tags", alice).result().size()).isZero();
  }

  @Test
  void aTemplateKeepsAtMostAThousandTags() {
    create("manytags", alice);
    OffsetDateTime at = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    for (int i = 1; i < TemplateService.MAX_TAGS; i++) {
      jdbc.sql(
              "insert into template_tags (template_id, seq, tag, tag_timestamp, pod_definition,"
                  + " commit_message, added_by, creation_ts) values ('manytags', ?, 'latest', ?,"
                  + " '{}', '', 'alice', ?)")
          .params(i, "latest@" + i, at.plusSeconds(i))
          .update();
    }
    assertThat(addTag("manytags", null, GOOD_DEFINITION, alice).status()).isEqualTo(200);
    Reply over = addTag("manytags", null, GOOD_DEFINITION, alice);
    assertThat(over.status()).isEqualTo(409);
    assertThat(over.message()).contains("1000");
  }

  @Test
  void readUserAndAdminAndSharingWithTenantAndSite() {
    create("shared", alice);
    addTag("shared", "v1", GOOD_DEFINITION, alice);
    // bob holds nothing: the template does not exist for him
    assertThat(api.get("/v3/pods/templates/shared", bob).status()).isEqualTo(404);
    assertThat(api.get("/v3/pods/templates/shared/tags", bob).status()).isEqualTo(404);
    assertThat(texts(api.get("/v3/pods/templates", bob).result(), "template_id"))
        .doesNotContain("shared");

    grant("shared", "bob", "READ", alice, 200);
    assertThat(api.get("/v3/pods/templates/shared", bob).status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/templates/shared/tags/v1", bob).status()).isEqualTo(200);
    assertThat(addTag("shared", "v2", GOOD_DEFINITION, bob).status()).isEqualTo(403);
    grant("shared", "bob", "USER", alice, 200);
    assertThat(addTag("shared", "v2", GOOD_DEFINITION, bob).status()).isEqualTo(200);
    assertThat(api.put("/v3/pods/templates/shared", "{\"description\":\"x\"}", bob).status())
        .isEqualTo(403);
    grant("shared", "dave", "READ", bob, 403);

    // everyone in the tenant, READ only; the whole site only from a site admin
    assertThat(api.get("/v3/pods/templates/shared", dave).status()).isEqualTo(404);
    grant("shared", "*tenant", "USER", alice, 400);
    grant("shared", "*tenant", "READ", alice, 200);
    assertThat(api.get("/v3/pods/templates/shared", dave).status()).isEqualTo(200);
    assertThat(addTag("shared", "v3", GOOD_DEFINITION, dave).status()).isEqualTo(403);
    grant("shared", "*site", "READ", alice, 403);
    grant("shared", "*site", "READ", carol, 200); // carol: admin of the site's tenant
    Reply list = api.get("/v3/pods/templates/shared/permissions", alice);
    assertThat(list.status()).isEqualTo(200);
    assertThat(texts(list.result().path("permissions"), "")).hasSize(4);
    assertThat(list.result().path("permissions").toString())
        .contains("alice:ADMIN", "bob:USER", "*tenant:READ", "*site:READ");

    Reply revoked = api.delete("/v3/pods/templates/shared/permissions/*tenant", alice);
    assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    assertThat(api.delete("/v3/pods/templates/shared/permissions/alice", alice).status())
        .isEqualTo(409); // the last ADMIN stays
  }

  void grant(String id, String user, String level, String token, int expected) {
    Reply reply =
        api.post(
            "/v3/pods/templates/" + id + "/permissions",
            "{\"user\":\"" + user + "\",\"level\":\"" + level + "\"}",
            token);
    assertThat(reply.status()).as(user + " " + level + ": " + reply.text()).isEqualTo(expected);
  }

  @Test
  void deleteIsRefusedWhilePodsUseItUnlessArchived() {
    Reply pod =
        api.post(
            "/v3/pods", "{\"pod_id\":\"hellouser\",\"pod_template\":\"template/hello\"}", alice);
    assertThat(pod.status()).as(pod.text()).isEqualTo(200);
    assertThat(api.delete("/v3/pods/templates/hello", alice).status()).isEqualTo(403);
    Reply inUse = api.delete("/v3/pods/templates/hello", carol);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.message()).contains("1 pod").contains("archive");

    Reply archived =
        api.put("/v3/pods/templates/hello", "{\"archive_message\":\"use web instead\"}", carol);
    assertThat(archived.status()).isEqualTo(200);
    assertThat(archived.result().path("archive_message").asString()).isEqualTo("use web instead");
    Reply deleted = api.delete("/v3/pods/templates/hello", carol);
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
    assertThat(deleted.result().asString()).isEmpty();
    assertThat(api.get("/v3/pods/templates/hello", alice).status()).isEqualTo(404);

    // the next start imports it again from the site's files
    assertThat(siteTemplates.importAll()).isEqualTo(1);
    assertThat(api.get("/v3/pods/templates/hello", alice).status()).isEqualTo(200);
    jdbc.sql("delete from pods where pod_id = 'hellouser'").update();
  }

  @Test
  void podsFromTemplateTagsFollowTheNewestDeriveAndSaveAsTags() {
    create("following", alice);
    addTag("following", "v1", GOOD_DEFINITION, alice);
    addTag("following", "v2", GOOD_DEFINITION.replace("\"lab\"", "\"lab2\""), alice);
    grant("following", "bob", "READ", alice, 200);
    Reply hidden =
        api.post("/v3/pods", "{\"pod_id\":\"davepod\",\"template\":\"following\"}", dave);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.message()).contains("Field template");

    Reply pod =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"bobpod\",\"template\":\"following:v1\","
                + "\"environment_variables\":{\"OWN\":\"x\"}}",
            bob);
    assertThat(pod.status()).as(pod.text()).isEqualTo(200);
    assertThat(pod.result().path("template").asString()).isEqualTo("following:v1");
    assertThat(pod.result().path("template_tag").asString()).startsWith("v1@");
    assertThat(pod.result().path("image").asString()).isEqualTo("localhost/berth-test/web:1");
    assertThat(pod.result().path("environment_variables").path("MODE").asString()).isEqualTo("lab");

    // the first user adds a tag; the second user's restart with grab_latest_template_tag takes it
    addTag("following", "v3", GOOD_DEFINITION.replace("web:1", "web:3"), alice);
    Reply moved = api.get("/v3/pods/bobpod/restart?grab_latest_template_tag=true", bob);
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(moved.result().path("image").asString()).isEqualTo("localhost/berth-test/web:3");
    assertThat(moved.result().path("template_tag").asString()).startsWith("v3@");
    assertThat(moved.result().path("environment_variables").path("OWN").asString()).isEqualTo("x");
    assertThat(moved.result().path("status_requested").asString()).isEqualTo("RESTART");

    Reply derived = api.get("/v3/pods/bobpod/derived", bob);
    assertThat(derived.status()).as(derived.text()).isEqualTo(200);
    JsonNode sources = derived.body().path("metadata").path("sources");
    assertThat(sources.path("image").asString()).isEqualTo("template");
    assertThat(sources.path("environment_variables").asString()).isEqualTo("both");
    assertThat(sources.path("volume_mounts").asString()).isEqualTo("default");

    // the pod's definition as a tag of bob's own template starts an identical pod
    create("bobs", bob);
    Reply refused =
        api.post(
            "/v3/pods/bobpod/save_pod_as_template_tag",
            "{\"template_id\":\"following\",\"commit_message\":\"mine\"}",
            bob);
    assertThat(refused.status()).isEqualTo(403);
    Reply saved =
        api.post(
            "/v3/pods/bobpod/save_pod_as_template_tag",
            "{\"template_id\":\"bobs\",\"tag\":\"frompod\",\"commit_message\":\"mine\"}",
            bob);
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    assertThat(saved.result().path("tag").asString()).isEqualTo("frompod");
    Reply twin =
        api.post("/v3/pods", "{\"pod_id\":\"bobtwin\",\"template\":\"bobs:frompod\"}", bob);
    assertThat(twin.status()).as(twin.text()).isEqualTo(200);
    for (String field :
        List.of("image", "command", "environment_variables", "resources", "time_to_stop_default")) {
      assertThat(twin.result().path(field)).as(field).isEqualTo(moved.result().path(field));
    }
    assertThat(withoutUrl(twin.result().path("networking")))
        .isEqualTo(withoutUrl(moved.result().path("networking")));

    Reply archived =
        api.put("/v3/pods/templates/following", "{\"archive_message\":\"use bobs\"}", alice);
    assertThat(archived.status()).isEqualTo(200);
    Reply noMore = api.post("/v3/pods", "{\"pod_id\":\"late\",\"template\":\"following\"}", bob);
    assertThat(noMore.status()).isEqualTo(400);
    assertThat(noMore.message()).contains("archived").contains("use bobs");
    assertThat(api.delete("/v3/pods/templates/bobs", bob).status()).isEqualTo(409); // in use
    api.delete("/v3/pods/bobpod", bob);
    api.delete("/v3/pods/bobtwin", bob);
  }

  @Test
  void theShippedTemplatesStartPodsByNameAsBefore() {
    Reply pod = api.post("/v3/pods", "{\"pod_id\":\"pgbyname\",\"template\":\"postgres\"}", dave);
    assertThat(pod.status()).as(pod.text()).isEqualTo(200);
    assertThat(pod.result().path("pod_template").asString()).isEqualTo("template/postgres");
    assertThat(pod.result().path("template").asString()).isEqualTo("postgres");
    assertThat(pod.result().path("template_tag").asString()).startsWith("latest@");
    assertThat(pod.result().path("environment_variables").path("POSTGRES_PASSWORD").asString())
        .isEqualTo("${user_password}");
    assertThat(api.get("/v3/pods/pgbyname/credentials", dave).status()).isEqualTo(200);
    api.delete("/v3/pods/pgbyname", dave);
  }

  @Test
  void siteTemplatesAreReadableByEveryoneAndImportedOnce() throws Exception {
    Reply list = api.get("/v3/pods/templates", dave);
    assertThat(texts(list.result(), "template_id"))
        .contains("postgres", "neo4j", "jupyter", "hello");
    Reply tags = api.get("/v3/pods/templates/postgres/tags", dave);
    assertThat(tags.result().size()).isEqualTo(1);
    assertThat(tags.result().get(0).path("pod_definition").path("image").asString())
        .startsWith("docker.io/library/postgres");
    assertThat(tags.result().get(0).path("added_by").asString()).isEqualTo("berth");
    // a user may read but not change them; a restart with the same files adds nothing
    assertThat(api.put("/v3/pods/templates/postgres", "{\"description\":\"x\"}", alice).status())
        .isEqualTo(403);
    assertThat(siteTemplates.importAll()).isZero();

    // a site directory whose file changes: one new tag per change, none for a restart
    Path dir = Files.createTempDirectory("site-templates");
    Path file = dir.resolve("labsite.yaml");
    Files.writeString(file, siteFile("localhost/berth-test/web:1"));
    SiteTemplates fromDir = importer(dir);
    assertThat(fromDir.importAll()).isEqualTo(1);
    assertThat(importer(dir).importAll()).isZero();
    Files.writeString(file, siteFile("localhost/berth-test/web:2"));
    assertThat(importer(dir).importAll()).isEqualTo(1);
    Reply labsite = api.get("/v3/pods/templates/labsite/tags/latest", dave);
    assertThat(labsite.result().get(0).path("pod_definition").path("image").asString())
        .endsWith("web:2");
    assertThat(api.get("/v3/pods/templates/labsite/tags", dave).result().size()).isEqualTo(2);
  }

  SiteTemplates importer(Path dir) {
    TemplateCatalog fromDir =
        new TemplateCatalog(new TemplatesProperties(dir.toString(), List.of()), json);
    return new SiteTemplates(
        fromDir, repository, service, permissions, siteAdmin, json, clock, transactions);
  }

  static String siteFile(String image) {
    return "name: labsite\n"
        + "description: A lab's site template\n"
        + "image: "
        + image
        + "\n"
        + "networking:\n"
        + "  default:\n"
        + "    protocol: http\n"
        + "    port: 8080\n"
        + "environment:\n"
        + "  A: \"1\"\n"
        + "  B: \"2\"\n"
        + "  C: \"3\"\n";
  }

  static JsonNode withoutUrl(JsonNode networking) {
    JsonNode copy = networking.deepCopy();
    copy.forEach(n -> ((tools.jackson.databind.node.ObjectNode) n).remove("url"));
    return copy;
  }
}
