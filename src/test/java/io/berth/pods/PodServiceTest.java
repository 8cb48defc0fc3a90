package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.auth.PasswordGenerator;
import io.berth.permissions.AccessList;
import io.berth.permissions.Permissions;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.quotas.QuotasProperties;
import io.berth.templates.ImageAllowlist;
import io.berth.templates.Networking;
import io.berth.templates.TemplateCatalog;
import io.berth.templates.TemplatesProperties;
import io.berth.testing.MemoryDatabase;
import io.berth.web.ApiException;
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
  JdbcClient jdbc;
  PodRepository repository;
  PodService pods;
  final io.berth.testing.FakeClock clock = new io.berth.testing.FakeClock();

  @BeforeEach
  void setUp() {
    jdbc = MemoryDatabase.migrated();
    JsonMapper json = JsonMapper.builder().build();
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
          public void insert(String tenant, String podId, PodCredentials c) {}
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
    pods =
        new PodService(
            repository,
            new Permissions(new AccessList(jdbc)),
            credentials,
            new ActionLog(jdbc),
            new PodAccess(repository),
            new PodRules(
                new PodsProperties(null, null, null, null),
                io.berth.pods.LifetimeProperties.defaults()),
            new PodSources(
                new TemplateCatalog(templates, json), new ImageAllowlist(templates, jdbc)),
            new PasswordGenerator(),
            urls,
            mounts,
            new MountAuthority(jdbc),
            new PodQuotas(quotas),
            (tenant, podId) -> signals.add(podId),
            (pod, by) -> List.of(),
            new PodLifetime(
                repository,
                new PodActivityStore(jdbc),
                LifetimeProperties.defaults(),
                new ActionLog(jdbc),
                clock));
  }

  PodView create(String podId, List<Object> arguments) {
    return pods.create(
        alice,
        new NewPod(
            podId,
            IMAGE,
            null,
            null,
            "",
            List.of("serve"),
            arguments,
            Map.of(),
            "OFF",
            null,
            null,
            null,
            null,
            null,
            null));
  }

  static PodUpdate update(String description, String statusRequested) {
    return new PodUpdate(
        null,
        null,
        null,
        description,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        statusRequested);
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
    PodView on = pods.update(alice, "app", update(null, "ON"));
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
    PodView changed = pods.update(alice, "app", update("new words", "RESTART"));
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
  void anUnknownComputeQueueIsRefusedNamingTheField() {
    assertThatThrownBy(() ->
            pods.create(
                alice,
                new NewPod(
                    "app", IMAGE, null, null, null, null, null, null, null, null, null, null, null,
                    null, "gpu")))
        .hasMessage("Field compute_queue must name one of this site's compute queues: default.");
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
        .isEqualTo(422);
    assertThatThrownBy(() -> pods.extend(alice, "app", null, null))
        .hasMessageStartingWith("Field seconds is required");
    assertThatThrownBy(() -> pods.extend(alice, "app", null, "soon"))
        .hasMessage("Field seconds must be a whole number of seconds.");
    assertThatThrownBy(() -> pods.extend(alice, "app", new PodExtension(0), null))
        .hasMessage("Field seconds must be positive.");
  }

  @Test
  void changingTimeToStopInstanceOfARunningPodMovesItsStopAtOnce() {
    create("app", List.of());
    java.time.Instant started = running("app");
    PodUpdate shorter =
        new PodUpdate(null, null, null, null, null, null, null, null, null, null, null, 600, null);
    assertThat(pods.update(alice, "app", shorter).timeToStopTs())
        .isEqualTo(started.plusSeconds(600));
    assertThat(repository.find("t1", "app").orElseThrow().observed().timeToStopTs())
        .isEqualTo(started.plusSeconds(600));
    PodUpdate never =
        new PodUpdate(null, null, null, null, null, null, null, null, null, null, null, -1, null);
    pods.update(alice, "app", never);
    assertThat(repository.find("t1", "app").orElseThrow().observed().timeToStopTs()).isNull();
  }
}
