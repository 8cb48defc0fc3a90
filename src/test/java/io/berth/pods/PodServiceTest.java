package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.auth.PasswordGenerator;
import io.berth.permissions.AccessList;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.quotas.QuotasProperties;
import io.berth.templates.ImageAllowlist;
import io.berth.templates.Networking;
import io.berth.templates.StoredTemplate;
import io.berth.templates.TagResolver;
import io.berth.templates.TemplateCatalog;
import io.berth.templates.TemplateRepository;
import io.berth.templates.TemplateService;
import io.berth.templates.TemplateTag;
import io.berth.templates.TemplatesProperties;
import io.berth.testing.MemoryDatabase;
import io.berth.testing.NewPods;
import io.berth.testing.PodUpdates;
import io.berth.web.ApiException;
import io.berth.web.Updated;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pod use cases without Spring: the store is an in-memory database with Berth's schema, the
 * other features' ports (URLs, mount checks, kept data, change signals, quotas, credentials) are
 * behavioural fakes.
 */
class PodServiceTest {
  static final String IMAGE = "localhost/test/app:1";
  final Caller alice = new Caller("t1", "alice", Set.of());
  final List<String> signals = new ArrayList<>();
  final List<String> quotaChecks = new ArrayList<>();
  final Map<String, PodCredentials> sealed = new java.util.HashMap<>();
  JdbcClient jdbc;
  PodRepository repository;
  PodService pods;
  final io.berth.testing.FakeClock clock = new io.berth.testing.FakeClock();
  TemplateRepository templateRepository;
  Permissions permissions;
  final JsonMapper json = JsonMapper.builder().build();

  @BeforeEach
  void setUp() {
    jdbc = MemoryDatabase.migrated();
    repository = new PodRepository(jdbc, json);
    TemplatesProperties templates = new TemplatesProperties(null, List.of("localhost/test/*"));
    Quotas quotas =
        new Quotas(null, new QuotasProperties(null, null, null, null), List.of()) {
          @Override
          public void requireRoom(String tenant, String user, Map<Quota, Long> adding) {
            quotaChecks.add(user + " " + adding);
          }
        };
    CredentialStore credentials =
        new CredentialStore(jdbc, null) {
          @Override
          public void insert(String tenant, String podId, PodCredentials c) {
            sealed.put(podId, c);
          }
        };
    PodUrls urls =
        new PodUrls() {
          @Override
          public void assign(String tenant, String podId, Map<String, Networking> networking) {}

          @Override
          public Map<String, Networking> withUrls(
              String tenant, String podId, Map<String, Networking> networking) {
            return networking;
          }

          @Override
          public Map<String, String> httpHosts(
              String tenant, String podId, Map<String, Networking> networking) {
            return Map.of();
          }
        };
    VolumeMountCheck mounts =
        new VolumeMountCheck() {
          @Override
          public void check(Caller caller, Map<String, VolumeMount> m) {}

          @Override
          public void checkKept(Caller caller, String podId, Map<String, VolumeMount> m) {}
        };
    permissions = new Permissions(new AccessList(jdbc));
    TemplateCatalog catalog = new TemplateCatalog(templates, json);
    PodSources sources = new PodSources(catalog, new ImageAllowlist(templates, jdbc));
    templateRepository = new TemplateRepository(jdbc, json);
    TemplateService templateService =
        new TemplateService(templateRepository, permissions, null, null, Clock.systemUTC());
    TagResolver tags = new TagResolver(templateService, templateRepository);
    ActionLog actionLog = new ActionLog(jdbc);
    PodAccess access = new PodAccess(repository);
    PodRules rules =
        new PodRules(
            new PodsProperties(
                null,
                null,
                null,
                Map.of(
                    "large",
                    new PodsProperties.ComputeQueue(
                        new io.berth.templates.Resources(null, null, null, 8192, null),
                        new io.berth.templates.Resources(null, null, 16384, 16384, null)))),
            io.berth.pods.LifetimeProperties.defaults());
    PasswordGenerator passwords = new PasswordGenerator();
    MountAuthority mountAuthority = new MountAuthority(jdbc);
    PodQuotas podQuotas = new PodQuotas(quotas);
    PodLifetime lifetime =
        new PodLifetime(
            repository,
            new PodActivityStore(jdbc),
            LifetimeProperties.defaults(),
            actionLog,
            clock);
    PodTemplates podTemplates =
        new PodTemplates(
            tags, templateService, catalog, sources, new TemplateOrigins(jdbc, json), json);
    PodViews views = new PodViews(urls, actionLog, podTemplates);
    PodSignals podSignals = new PodSignals((tenant, podId) -> signals.add(podId));
    pods =
        new PodService(
            repository,
            permissions,
            credentials,
            actionLog,
            access,
            (pod, by) -> List.of(),
            lifetime,
            podTemplates,
            views,
            podSignals,
            new PodCreation(
                repository,
                permissions,
                credentials,
                actionLog,
                rules,
                sources,
                passwords,
                urls,
                mounts,
                mountAuthority,
                podQuotas,
                podTemplates,
                views,
                podSignals),
            new PodUpdating(
                repository,
                credentials,
                actionLog,
                access,
                rules,
                sources,
                passwords,
                urls,
                mounts,
                mountAuthority,
                podQuotas,
                lifetime,
                podTemplates,
                views,
                podSignals));
  }

  PodView create(String podId, List<Object> arguments) {
    return pods.create(
        alice,
        NewPods.with(
            "pod_id",
            podId,
            "image",
            IMAGE,
            "description",
            "",
            "command",
            List.of("serve"),
            "arguments",
            arguments,
            "environment_variables",
            Map.of(),
            "status_requested",
            "OFF"));
  }

  static PodUpdate update(String description, String statusRequested) {
    return PodUpdates.of("description", description, "status_requested", statusRequested);
  }

  @Test
  void aPodFromAnImageIsStoredWithItsDefinitionAndShownBack() {
    PodView created = create("app", List.of("--port", "5000"));
    assertThat(created.image()).isEqualTo(IMAGE);
    assertThat(created.podTemplate()).isEqualTo(IMAGE);
    assertThat(created.template()).isEmpty();
    assertThat(created.arguments()).containsExactly("--port", "5000");
    assertThat(created.computeQueue()).isEqualTo("default");
    assertThat(created.statusContainer()).isEmpty();
    Pod stored = repository.find("t1", "app").orElseThrow();
    assertThat(stored.definition().arguments()).containsExactly("--port", "5000");
    assertThat(stored.definition().command()).containsExactly("serve");
    assertThat(stored.observed()).isEqualTo(PodObserved.REQUESTED);
    assertThat(pods.get(alice, "app")).isEqualTo(created);
    assertThat(signals).containsExactly("app");
  }

  @Test
  void statusRequestedAloneIsAnUpdateThatLeavesTheDefinition() {
    create("app", List.of());
    long generation = repository.find("t1", "app").orElseThrow().generation();
    PodView on = pods.update(alice, "app", update(null, "ON")).result();
    assertThat(on.statusRequested()).isEqualTo(StatusRequested.ON);
    Pod stored = repository.find("t1", "app").orElseThrow();
    assertThat(stored.statusRequested()).isEqualTo(StatusRequested.ON);
    assertThat(stored.generation()).isEqualTo(generation);
    assertThat(on.actionLogs()).last().asString().endsWith("requested start (status_requested ON)");
    assertThat(quotaChecks).last().asString().contains("RUNNING_PODS=1");
  }

  @Test
  void aDefinitionChangeIsANewGenerationLoggedByField() {
    create("app", List.of());
    long generation = repository.find("t1", "app").orElseThrow().generation();
    PodView changed = pods.update(alice, "app", update("new words", "RESTART")).result();
    assertThat(changed.description()).isEqualTo("new words");
    assertThat(changed.statusRequested()).isEqualTo(StatusRequested.RESTART);
    assertThat(repository.find("t1", "app").orElseThrow().generation()).isGreaterThan(generation);
    assertThat(changed.actionLogs())
        .anySatisfy(l -> assertThat(l).endsWith("updated description"))
        .anySatisfy(l -> assertThat(l).endsWith("requested restart (status_requested RESTART)"));
  }

  @Test
  void anUpdateWithNothingInItIsRefused() {
    create("app", List.of());
    assertThatThrownBy(() -> pods.update(alice, "app", update(null, null)))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Incoming data made no changes to pod.");
    assertThatThrownBy(() -> pods.update(alice, "app", update(null, "PAUSE")))
        .hasMessage("Field status_requested must be ON, OFF or RESTART.");
  }

  @Test
  void valuesThePodHoldsAlreadyAreNoChangeAndNoNewGeneration() {
    create("app", List.of());
    assertThat(pods.update(alice, "app", update("new words", null)).changed()).isTrue();
    long generation = repository.find("t1", "app").orElseThrow().generation();
    Updated<PodView> same = pods.update(alice, "app", update("new words", null));
    assertThat(same.changed()).as("Tapis: incoming data made no changes").isFalse();
    assertThat(same.result().description()).isEqualTo("new words");
    assertThat(repository.find("t1", "app").orElseThrow().generation()).isEqualTo(generation);
    assertThat(same.envelope("pod", "updated").message())
        .isEqualTo("Incoming data made no changes to pod. Is incoming data equal to current data?");
  }

  @Test
  void anUnknownComputeQueueIsRefusedNamingTheField() {
    assertThatThrownBy(() ->
            pods.create(
                alice, NewPods.with("pod_id", "app", "image", IMAGE, "compute_queue", "gpu")))
        .hasMessage(
            "Field compute_queue must name one of this site's compute queues: default, large.");
    assertThat(repository.find("t1", "app")).isEmpty();
  }

  /** The pod as the reconciler leaves it once its instance started at the clock's now. */
  java.time.Instant running(String podId) {
    java.time.Instant started = clock.instant();
    jdbc.sql(
            "update pods set status_requested = 'ON', status = 'AVAILABLE', start_instance_ts = ?,"
                + " time_to_stop_ts = ? where pod_id = ?")
        .params(
            started.atOffset(java.time.ZoneOffset.UTC),
            started.plusSeconds(43200).atOffset(java.time.ZoneOffset.UTC),
            podId)
        .update();
    return started;
  }

  @Test
  void extendingMovesTheRunningPodsStopAtOnceAndCountsAsItsUse() {
    create("app", List.of());
    java.time.Instant started = running("app");
    clock.advance(java.time.Duration.ofHours(1));
    PodView extended = pods.extend(alice, "app", new PodExtension(3600), null);
    assertThat(extended.timeToStopTs()).isEqualTo(started.plusSeconds(43200 + 3600));
    Pod stored = repository.find("t1", "app").orElseThrow();
    assertThat(stored.observed().timeToStopTs()).isEqualTo(started.plusSeconds(43200 + 3600));
    assertThat(stored.observed().lastActivityTs()).isEqualTo(clock.instant());
    assertThat(extended.actionLogs()).last().asString().contains("extended by 3600 s");
    assertThat(pods.extend(alice, "app", null, "60").timeToStopTs())
        .as("the query's seconds")
        .isEqualTo(started.plusSeconds(43200 + 3660));
  }

  @Test
  void anExtensionIsBoundedByTheSiteAndNeedsARunningPodAndSeconds() {
    create("app", List.of());
    assertThatThrownBy(() -> pods.extend(alice, "app", new PodExtension(60), null))
        .hasMessageStartingWith("Pod app is not running")
        .extracting(e -> ((ApiException) e).status().value())
        .isEqualTo(409);
    running("app");
    assertThatThrownBy(() -> pods.extend(alice, "app", new PodExtension(7 * 86400), null))
        .hasMessageStartingWith("Field seconds: the pod would stop at")
        .extracting(e -> ((ApiException) e).status().value())
        .isEqualTo(400);
    assertThatThrownBy(() -> pods.extend(alice, "app", null, null))
        .hasMessageStartingWith("Field seconds is required");
    assertThatThrownBy(() -> pods.extend(alice, "app", null, "soon"))
        .hasMessage("Field seconds must be a whole number of seconds.");
    assertThatThrownBy(() -> pods.extend(alice, "app", new PodExtension(0), null))
        .hasMessage("Field seconds must be positive.");
  }

  @Test
  void anUpdateGivingOnlyWakeOnConnectIsAChangeNotAnEmptyBody() {
    create("app", List.of());
    Updated<PodView> woken = pods.update(alice, "app", PodUpdates.of("wake_on_connect", true));
    assertThat(woken.changed()).isTrue();
    assertThat(repository.find("t1", "app").orElseThrow().definition().wakeOnConnect()).isTrue();
    assertThat(woken.result().actionLogs()).last().asString().contains("updated wake_on_connect");
  }

  @Test
  void changingTimeToStopInstanceOfARunningPodMovesItsStopAtOnce() {
    create("app", List.of());
    java.time.Instant started = running("app");
    PodUpdate shorter = PodUpdates.of("time_to_stop_instance", 600);
    assertThat(pods.update(alice, "app", shorter).result().timeToStopTs())
        .isEqualTo(started.plusSeconds(600));
    assertThat(repository.find("t1", "app").orElseThrow().observed().timeToStopTs())
        .isEqualTo(started.plusSeconds(600));
    PodUpdate never = PodUpdates.of("time_to_stop_instance", -1);
    pods.update(alice, "app", never);
    assertThat(repository.find("t1", "app").orElseThrow().observed().timeToStopTs()).isNull();
  }

  /** A template of alice's (tenant t1) with tags given as (name, definition JSON), oldest first. */
  void storedTemplate(String id, String archiveMessage, String... tags) {
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    templateRepository.insert(
        new StoredTemplate(id, "t1", "", List.of(), archiveMessage, "alice", null, at, at));
    permissions.created(Resource.template("t1", id), "alice");
    for (int i = 0; i < tags.length; i += 2) {
      int seq = i / 2 + 1;
      templateRepository.insertTag(
          new TemplateTag(
              id,
              seq,
              tags[i],
              tags[i] + "@2026-12-06-10:00:0" + seq,
              json.readTree(tags[i + 1]),
              "v" + seq,
              "alice",
              null,
              at.plusSeconds(seq)));
    }
  }

  static final String TAG_ONE =
      "{\"image\":\"localhost/test/lab:1\",\"description\":\"lab v1\",\"command\":[\"serve\"],"
          + "\"environment_variables\":{\"MODE\":\"lab\",\"LEVEL\":\"1\"},"
          + "\"resources\":{\"cpu_limit\":1000,\"mem_limit\":512}}";
  static final String TAG_TWO =
      "{\"image\":\"localhost/test/lab:2\",\"description\":\"lab v2\","
          + "\"environment_variables\":{\"MODE\":\"lab2\"}}";

  NewPod fromTemplate(String podId, String template, Map<String, Object> env) {
    return NewPods.with(
        "pod_id",
        podId,
        "template",
        template,
        "environment_variables",
        env,
        "status_requested",
        "OFF");
  }

  @Test
  void aPodFromAStoredTemplateTakesItsTagUnderTheUsersFieldsAndRecordsTheTag() {
    storedTemplate("lab", "", "v1", TAG_ONE, "v2", TAG_TWO);
    PodView pinned = pods.create(alice, fromTemplate("pinned", "lab:v1", Map.of("LEVEL", "9")));
    assertThat(pinned.image()).isEqualTo("localhost/test/lab:1");
    assertThat(pinned.command()).containsExactly("serve");
    assertThat(pinned.description()).isEqualTo("lab v1");
    // the user's variable wins, key by key; the tag's others stay
    assertThat(pinned.environmentVariables())
        .containsExactly(Map.entry("MODE", "lab"), Map.entry("LEVEL", "9"));
    assertThat(pinned.resources().cpuLimit()).isEqualTo(1000);
    assertThat(pinned.template()).isEqualTo("lab:v1");
    assertThat(pinned.templateTag()).isEqualTo("v1@2026-12-06-10:00:01");
    assertThat(pinned.actionLogs()).last().asString().contains("template lab tag v1@");

    PodView newest = pods.create(alice, fromTemplate("newest", "lab", null));
    assertThat(newest.image()).isEqualTo("localhost/test/lab:2");
    assertThat(newest.templateTag()).startsWith("v2@");
    assertThat(pods.list(alice))
        .extracting(PodView::templateTag)
        .containsExactlyInAnyOrder("v1@2026-12-06-10:00:01", "v2@2026-12-06-10:00:02");
    assertThat(templateRepository.podsUsing("lab")).isEqualTo(2);
  }

  @Test
  void aTemplateTheCallerCannotReadIsNotFoundAndAnArchivedOneStartsNoPods() {
    storedTemplate("lab", "", "v1", TAG_ONE);
    Caller bob = new Caller("t1", "bob", Set.of());
    assertThatThrownBy(() -> pods.create(bob, fromTemplate("bobs", "lab", null)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(404));
    assertThatThrownBy(() -> pods.create(alice, fromTemplate("nosuch", "lab:v9", null)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(404))
        .hasMessageContaining("no tag v9");
    storedTemplate("old", "use lab instead", "v1", TAG_ONE);
    assertThatThrownBy(() -> pods.create(alice, fromTemplate("olds", "old", null)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessageContaining("archived")
        .hasMessageContaining("use lab instead");
    assertThat(repository.find("t1", "bobs")).isEmpty();
    assertThat(repository.find("t1", "olds")).isEmpty();
  }

  @Test
  void theMergedDefinitionIsHeldToThePodRulesAndTheAllowlist() {
    storedTemplate(
        "far",
        "",
        "v1",
        "{\"image\":\"docker.io/library/nginx:1\"}",
        "v2",
        "{\"image\":\"localhost/test/lab:1\"}");
    assertThatThrownBy(() -> pods.create(alice, fromTemplate("farpod", "far:v1", null)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessageContaining("allowlist");
    assertThatThrownBy(
            () -> pods.create(alice, fromTemplate("badenv", "far:v2", Map.of("1BAD", "x"))))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessageContaining("environment_variables");
  }

  @Test
  void templatesBuildOnEachOtherWithoutCycles() {
    storedTemplate("base", "", "v1", TAG_ONE);
    storedTemplate("child", "", "v1", "{\"template\":\"base:v1\",\"description\":\"child\"}");
    PodView pod = pods.create(alice, fromTemplate("kid", "child", null));
    assertThat(pod.image()).isEqualTo("localhost/test/lab:1");
    assertThat(pod.description()).isEqualTo("child");
    storedTemplate("loopa", "", "v1", "{\"template\":\"loopb\"}");
    storedTemplate("loopb", "", "v1", "{\"template\":\"loopa\"}");
    assertThatThrownBy(() -> pods.create(alice, fromTemplate("loop", "loopa", null)))
        .hasMessageContaining("cycle");
  }

  @Test
  void derivedNamesWhereEachFieldCameFrom() {
    storedTemplate("lab", "", "v1", TAG_ONE);
    pods.create(alice, fromTemplate("pinned", "lab:v1", Map.of("LEVEL", "9")));
    PodService.Derived derived = pods.derived(alice, "pinned");
    assertThat(derived.pod().environmentVariables()).containsEntry("LEVEL", "9");
    assertThat(derived.metadata())
        .containsEntry("template", "lab")
        .containsEntry("template_tag", "v1@2026-12-06-10:00:01");
    assertThat(sources(derived))
        .containsEntry("image", "template")
        .containsEntry("command", "template")
        .containsEntry("environment_variables", "both")
        .containsEntry("time_to_stop_default", "default")
        .containsEntry("networking", "default");

    create("plain", List.of());
    assertThat(sources(pods.derived(alice, "plain")))
        .containsEntry("image", "pod")
        .containsEntry("command", "pod");
  }

  @Test
  void restartWithGrabLatestTemplateTagMovesThePodOntoTheNewestTag() {
    storedTemplate("lab", "", "v1", TAG_ONE);
    pods.create(alice, fromTemplate("pinned", "lab:v1", Map.of("LEVEL", "9")));
    pods.update(alice, "pinned", update("mine", null));
    long generation = repository.find("t1", "pinned").orElseThrow().generation();
    templateRepository.insertTag(
        new TemplateTag(
            "lab",
            2,
            "v2",
            "v2@2026-12-06-10:00:02",
            json.readTree(TAG_TWO),
            "v2",
            "alice",
            null,
            Instant.parse("2026-12-06T10:00:02Z")));

    PodView plain = pods.restart(alice, "pinned", false);
    assertThat(plain.templateTag()).startsWith("v1@");
    PodView moved = pods.restart(alice, "pinned", true);
    assertThat(moved.image()).isEqualTo("localhost/test/lab:2");
    assertThat(moved.templateTag()).isEqualTo("v2@2026-12-06-10:00:02");
    assertThat(moved.template()).isEqualTo("lab");
    // the owner's own fields still win; what the new tag no longer gives is gone
    assertThat(moved.description()).isEqualTo("mine");
    assertThat(moved.environmentVariables())
        .containsExactly(Map.entry("MODE", "lab2"), Map.entry("LEVEL", "9"));
    assertThat(moved.command()).isEmpty();
    assertThat(moved.statusRequested()).isEqualTo(StatusRequested.RESTART);
    assertThat(repository.find("t1", "pinned").orElseThrow().generation())
        .isGreaterThan(generation);
    assertThat(moved.actionLogs())
        .anySatisfy(
            l -> assertThat(l).endsWith("moved to template lab tag v2@2026-12-06-10:00:02"));
  }

  void addTag(String templateId, int seq, String definition) {
    templateRepository.insertTag(
        new TemplateTag(
            templateId,
            seq,
            "v" + seq,
            "v" + seq + "@2026-12-06-10:00:0" + seq,
            json.readTree(definition),
            "v" + seq,
            "alice",
            null,
            Instant.parse("2026-12-06T10:00:0" + seq + "Z")));
  }

  static PodUpdate naming(String template) {
    return PodUpdates.of("template", template);
  }

  @Test
  void anUpdateNamingAnotherStoredTemplateMovesThePodOntoItsTagNotTheCatalog() {
    storedTemplate("lab", "", "v1", TAG_ONE);
    storedTemplate(
        "other",
        "",
        "v1",
        "{\"image\":\"localhost/test/other:1\",\"description\":\"other\","
            + "\"environment_variables\":{\"MODE\":\"other\"}}");
    pods.create(alice, fromTemplate("pinned", "lab:v1", Map.of("LEVEL", "9")));

    PodView moved = pods.update(alice, "pinned", naming("other:v1")).result();
    assertThat(moved.image()).isEqualTo("localhost/test/other:1");
    assertThat(moved.template()).isEqualTo("other:v1");
    assertThat(moved.templateTag()).isEqualTo("v1@2026-12-06-10:00:01");
    assertThat(moved.description()).isEqualTo("other");
    // the owner's own fields still win; what the new tag does not give is gone
    assertThat(moved.environmentVariables())
        .containsExactly(Map.entry("MODE", "other"), Map.entry("LEVEL", "9"));
    assertThat(moved.command()).isEmpty();
    assertThat(moved.actionLogs())
        .anySatisfy(
            l -> assertThat(l).endsWith("moved to template other tag v1@2026-12-06-10:00:01"));
    assertThat(templateRepository.podsUsing("other")).isEqualTo(1);
    assertThat(sources(pods.derived(alice, "pinned"))).containsEntry("description", "template");

    // READ on the named template is needed, as for a new pod: 404 without it, nothing changed
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    templateRepository.insert(
        new StoredTemplate("hidden", "t1", "", List.of(), "", "bob", null, at, at));
    permissions.created(Resource.template("t1", "hidden"), "bob");
    addTag("hidden", 1, "{\"image\":\"localhost/test/hidden:1\"}");
    assertThatThrownBy(() -> pods.update(alice, "pinned", naming("hidden")))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(404));
    assertThat(pods.get(alice, "pinned").image()).isEqualTo("localhost/test/other:1");

    // a pod from an image moves onto a stored template too
    create("plain", List.of());
    PodView plain = pods.update(alice, "plain", naming("lab")).result();
    assertThat(plain.image()).isEqualTo("localhost/test/lab:1");
    assertThat(plain.templateTag()).isEqualTo("v1@2026-12-06-10:00:01");
  }

  @Test
  void aNewerTagsComputeQueueIsTakenOnAMoveThroughTheUpdateChecks() {
    storedTemplate("lab", "", "v1", TAG_ONE);
    PodView pod = pods.create(alice, fromTemplate("pinned", "lab:v1", null));
    assertThat(pod.computeQueue()).isEqualTo("default");
    addTag("lab", 2, "{\"image\":\"localhost/test/lab:2\",\"compute_queue\":\"large\"}");

    PodView moved = pods.restart(alice, "pinned", true);
    assertThat(moved.computeQueue()).isEqualTo("large");
    assertThat(moved.resources().memLimit()).isEqualTo(8192); // the large queue's default
    assertThat(moved.actionLogs()).anySatisfy(l -> assertThat(l).contains("compute_queue"));

    addTag("lab", 3, "{\"image\":\"localhost/test/lab:2\",\"compute_queue\":\"gpu\"}");
    assertThatThrownBy(() -> pods.restart(alice, "pinned", true))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessage(
            "Field compute_queue must name one of this site's compute queues: default, large.");
    // back to the default queue: the tag's resources are held to that queue's bounds
    addTag("lab", 4, "{\"image\":\"localhost/test/lab:2\",\"resources\":{\"mem_limit\":14000}}");
    assertThatThrownBy(() -> pods.restart(alice, "pinned", true))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessageContaining("resources.mem_limit")
        .hasMessageContaining("12288");
    assertThat(repository.find("t1", "pinned").orElseThrow().definition().computeQueue())
        .isEqualTo("large");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> sources(PodService.Derived derived) {
    return (Map<String, String>) derived.metadata().get("sources");
  }

  @Test
  void placeholdersAreResolvedOnceAtCreationAndKeptWithTheCredentialsNotTheDefinition() {
    storedTemplate(
        "keyed",
        "",
        "v1",
        "{\"image\":\"localhost/test/lab:1\",\"environment_variables\":{"
            + "\"PASS\":\"${pods:random:20}\",\"DB\":\"${pods:value:DB:-lab}\","
            + "\"TOKEN\":\"${pods:value:TOKEN}\"}}");
    assertThatThrownBy(() -> pods.create(alice, fromTemplate("nokey", "keyed", null)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessage(
            "Field placeholder_values.TOKEN is required: environment_variables.TOKEN uses"
                + " ${pods:value:TOKEN}.");
    assertThat(repository.find("t1", "nokey")).isEmpty();

    NewPod request = fromTemplate("withkey", "keyed", null);
    PodView pod =
        pods.create(
            alice,
            NewPods.with(
                "pod_id",
                request.podId(),
                "template",
                "keyed",
                "status_requested",
                "OFF",
                "placeholder_values",
                Map.of("TOKEN", "t0k")));
    assertThat(pod.environmentVariables())
        .containsEntry("PASS", "${pods:random:20}")
        .containsEntry("TOKEN", "${pods:value:TOKEN}");
    Map<String, String> values = sealed.get("withkey").placeholders();
    assertThat(values.get("${pods:random:20}")).hasSize(20).matches("[A-Za-z0-9]+");
    assertThat(values)
        .containsEntry("${pods:value:DB:-lab}", "lab")
        .containsEntry("${pods:value:TOKEN}", "t0k");
    assertThat(pod.actionLogs()).noneMatch(l -> l.contains("t0k"));

    assertThatThrownBy(() ->
            pods.create(
                alice,
                NewPods.with(
                    "pod_id",
                    "badph",
                    "image",
                    IMAGE,
                    "command",
                    List.of("${pods:nope}"),
                    "status_requested",
                    "OFF")))
        .hasMessageStartingWith("Field command[0]: unknown placeholder ${pods:nope}");
  }
}
