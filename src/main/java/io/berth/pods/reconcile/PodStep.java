package io.berth.pods.reconcile;

import io.berth.pods.CredentialStore;
import io.berth.pods.LifetimeProperties;
import io.berth.pods.MountRights;
import io.berth.pods.MountedStorage;
import io.berth.pods.Pod;
import io.berth.pods.PodCredentials;
import io.berth.pods.PodStatus;
import io.berth.pods.PodUrls;
import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.RuntimeFailure;
import io.berth.templates.ImageAllowlist;
import io.berth.templates.Template;
import io.berth.templates.TemplateCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out one decision of the {@link Planner} for one pod: the engine calls, then the observed
 * state and the action log. Engine calls are idempotent, so repeating a step after a crash is safe.
 */
@Component
public class PodStep {
  private static final Logger log = LoggerFactory.getLogger(PodStep.class);
  private final MeteredRuntime runtime;
  private final ObservedStateStore store;
  private final CredentialStore credentials;
  private final TemplateCatalog templates;
  private final ImageAllowlist allowlist;
  private final MountRights mountRights;
  private final ReadinessProbe probe;
  private final ReconcilerProperties properties;
  private final ReconcileMetrics metrics;
  private final PodUrls urls;
  private final PodOutput output;
  private final Clock clock;
  private final MountedStorage mountedStorage;
  private final LifetimeProperties lifetime;
  private final StopWarnings warnings;

  public PodStep(
      MeteredRuntime runtime,
      ObservedStateStore store,
      CredentialStore credentials,
      TemplateCatalog templates,
      ImageAllowlist allowlist,
      MountRights mountRights,
      ReadinessProbe probe,
      ReconcilerProperties properties,
      ReconcileMetrics metrics,
      PodUrls urls,
      PodOutput output,
      Clock clock,
      MountedStorage mountedStorage,
      LifetimeProperties lifetime,
      StopWarnings warnings) {
    this.lifetime = lifetime;
    this.warnings = warnings;
    this.metrics = metrics;
    this.urls = urls;
    this.output = output;
    this.mountedStorage = mountedStorage;
    this.runtime = runtime;
    this.store = store;
    this.credentials = credentials;
    this.templates = templates;
    this.allowlist = allowlist;
    this.mountRights = mountRights;
    this.probe = probe;
    this.properties = properties;
    this.clock = clock;
  }

  public Outcome run(Pod pod, Optional<ObservedPod> observed) {
    Instant now = clock.instant();
    Decision decision =
        Planner.decide(pod, observed, now, lifetime.activityFlush(), lifetime.stopWarning());
    ContainerRecord record = ContainerRecord.from(pod.observed().container());
    return switch (decision) {
      case Decision.Nothing n -> {
        keepOutputFresh(observed);
        Instant next =
            pod.status() == PodStatus.AVAILABLE && observed.isPresent()
                ? Planner.nextChange(pod, now, lifetime.activityFlush(), lifetime.stopWarning())
                : null;
        yield next == null ? Outcome.settled() : new Outcome.SettledUntil(next);
      }
      case Decision.Create c -> create(pod, record, now);
      case Decision.Replace r -> create(pod, record, now);
      case Decision.Probe p -> probe(pod, record, observed.orElseThrow(), p.startedAt(), now);
      case Decision.Stop s -> stop(pod, record, observed.orElse(null), s.thenStart());
      case Decision.MarkStopped m -> {
        store.status(pod.tenant(), pod.podId(), PodStatus.STOPPED, record.toStatus("stopped"));
        yield Outcome.settled();
      }
      case Decision.SwitchOn s -> {
        if (store.restartToOn(pod.tenant(), pod.podId())) {
          store.status(
              pod.tenant(), pod.podId(), PodStatus.REQUESTED, record.cleared().toStatus("none"));
          store.log(pod.tenant(), pod.podId(), "restart: starting again");
        }
        yield Outcome.recheck(Duration.ZERO);
      }
      case Decision.TimeUp t -> {
        if (store.onToOff(pod.tenant(), pod.podId(), "time_to_stop")) {
          store.log(
              pod.tenant(),
              pod.podId(),
              "time_to_stop reached at " + pod.observed().timeToStopTs() + "; stopping");
        }
        yield Outcome.recheck(Duration.ZERO);
      }
      case Decision.Idle i -> {
        if (store.idleToOff(
            pod.tenant(),
            pod.podId(),
            pod.observed().lastActivityTs(),
            pod.definition().idleTimeout())) {
          metrics.idleStop();
          log.info("Pod {}/{}: idle since {}, stopping", pod.tenant(), pod.podId(), i.since());
          store.log(
              pod.tenant(),
              pod.podId(),
              "idle: no traffic since "
                  + i.since()
                  + " (idle_timeout "
                  + pod.definition().idleTimeout()
                  + " s); stopping, data kept");
        }
        yield Outcome.recheck(Duration.ZERO);
      }
      case Decision.Warn w -> {
        if (store.warned(pod.tenant(), pod.podId(), w.stopAt())) {
          warnings.warn(
              new StopWarnings.Warning(
                  pod.tenant(), pod.podId(), pod.createdBy(), w.reason(), w.stopAt()));
          store.log(
              pod.tenant(),
              pod.podId(),
              "warning: stops at "
                  + w.stopAt()
                  + ("idle".equals(w.reason()) ? " for idleness" : " (time_to_stop)")
                  + " unless used or extended; owner notified");
        }
        yield Outcome.settled();
      }
      case Decision.Complete c -> {
        finish(pod, observed.orElse(null));
        store.status(
            pod.tenant(),
            pod.podId(),
            PodStatus.COMPLETE,
            record.terminal(null, c.exitCode()).toStatus("exited"));
        store.log(pod.tenant(), pod.podId(), "the main process exited with code 0: COMPLETE");
        yield Outcome.settled();
      }
      case Decision.Crashed c ->
          crashed(pod, record, observed.orElse(null), c.reason(), c.exitCode(), now);
      case Decision.WaitUntil w -> Outcome.recheck(Duration.between(now, w.when()));
    };
  }

  private Outcome create(Pod pod, ContainerRecord record, Instant now) {
    if (pod.status() != PodStatus.SPAWNER_SETUP) {
      store.status(pod.tenant(), pod.podId(), PodStatus.SPAWNER_SETUP, record.toStatus("creating"));
    }
    Template template = templates.find(pod.definition().podTemplate()).orElse(null);
    if (template == null && !allowlist.allows(pod.tenant(), pod.definition().image())) {
      return terminal(
          pod,
          record,
          "image " + pod.definition().image() + " is not allowed (not on the allowlist)",
          null,
          null);
    }
    // what the mounts name now (a deleted volume is named as such, not as a missing right)
    Map<String, String> storage;
    try {
      storage = mountedStorage.resolve(pod.tenant(), pod.definition().volumeMounts());
    } catch (MountedStorage.Missing e) {
      return terminal(pod, record, e.getMessage(), null, null);
    }
    // rights to mount are checked at every start, not only when the pod was created or changed
    Optional<String> refused = mountRights.refusal(pod);
    if (refused.isPresent()) {
      return terminal(pod, record, refused.get(), null, null);
    }
    PodCredentials secrets =
        credentials
            .find(pod.tenant(), pod.podId())
            .orElseThrow(
                () -> new IllegalStateException("pod " + pod.podId() + " has no credentials"));
    ObservedPod container;
    try {
      container =
          runtime.apply(
              PodSpecBuilder.desired(
                  pod,
                  template,
                  secrets,
                  storage,
                  urls.httpHosts(pod.tenant(), pod.podId(), pod.definition().networking())));
    } catch (ImageNotFoundException e) {
      return terminal(pod, record, e.getMessage(), null, null);
    } catch (RuntimeFailure e) {
      log.warn(
          "Pod {}/{}: the engine refused the container: {}",
          pod.tenant(),
          pod.podId(),
          e.getMessage());
      // remove what the refused attempt left, so the next attempt starts clean after its backoff
      finish(pod, null);
      return crashed(
          pod, record, null, "the engine refused the container: " + e.getMessage(), null, now);
    }
    for (String leftover : container.cleared()) {
      log.warn("Pod {}/{}: {}", pod.tenant(), pod.podId(), leftover);
      store.log(pod.tenant(), pod.podId(), leftover);
    }
    if (container.state() == ContainerState.EXITED && container.generation() == pod.generation()) {
      // adopted: this generation's container, started before a crash, has ended since
      return run(pod, Optional.of(container));
    }
    ContainerRecord started = record.started(pod.generation());
    store.instanceStarted(
        pod.tenant(), pod.podId(), started.toStatus("running"), now, timeToStop(pod, now));
    store.log(pod.tenant(), pod.podId(), "container started (generation " + pod.generation() + ")");
    // a fast service may already answer: probe at once rather than after a poll
    return checkReady(pod, template, started, container, now, now);
  }

  private Outcome probe(
      Pod pod, ContainerRecord record, ObservedPod container, Instant startedAt, Instant now) {
    Instant since = startedAt != null ? startedAt : now;
    if (pod.status() != PodStatus.CREATING) {
      // adopted after a crash between start and bookkeeping: record the instance now
      ContainerRecord started = record.started(container.generation());
      store.instanceStarted(
          pod.tenant(), pod.podId(), started.toStatus("running"), since, timeToStop(pod, since));
      record = started;
    }
    return checkReady(
        pod,
        templates.find(pod.definition().podTemplate()).orElse(null),
        record,
        container,
        since,
        now);
  }

  /** AVAILABLE once the readiness port answers; ERROR when it never does within the timeout. */
  private Outcome checkReady(
      Pod pod,
      Template template,
      ContainerRecord record,
      ObservedPod container,
      Instant since,
      Instant now) {
    Integer port = PodSpecBuilder.readinessPort(pod, template);
    String path = PodSpecBuilder.readinessPath(template);
    Endpoint endpoint = port == null ? null : container.endpoints().get(port);
    if (port == null || ready(pod, endpoint, path)) {
      // where each container port is published: the proxy routes to these
      Map<String, String> endpoints = new java.util.TreeMap<>();
      container
          .endpoints()
          .forEach((p, e) -> endpoints.put(p.toString(), e.host() + ":" + e.port()));
      // the moment it answered counts as its use, not the round's start: creating, starting and
      // probing take seconds under load, and a short idle_timeout would have passed already
      Instant answered = clock.instant();
      store.available(
          pod.tenant(), pod.podId(), record.toStatus("running").withEndpoints(endpoints), answered);
      metrics.spawned(Duration.between(pod.updateTs(), answered));
      store.log(
          pod.tenant(),
          pod.podId(),
          "AVAILABLE: "
              + (port == null ? "running (no port to probe)" : "port " + port + " answers"));
      return Outcome.settled();
    }
    Duration timeout =
        template != null
            ? Duration.ofSeconds(template.readiness().timeoutSeconds())
            : properties.readinessTimeout();
    Duration waited = Duration.between(since, now);
    if (waited.compareTo(timeout) > 0) {
      return terminal(
          pod,
          record,
          "port " + port + " was never ready within " + timeout.toSeconds() + " s",
          null,
          container);
    }
    return new Outcome.ProbeAgain(pollInterval(waited), container);
  }

  /** The engine's own verdict where it probes (Kubernetes), else Berth's probe of the endpoint. */
  private boolean ready(Pod pod, Endpoint endpoint, String path) {
    return runtime
        .engineReadiness(new PodKey(pod.tenant(), pod.podId()))
        .orElseGet(() -> endpoint != null && probe.ready(endpoint, path));
  }

  private Outcome stop(Pod pod, ContainerRecord record, ObservedPod container, boolean thenStart) {
    if (pod.status() != PodStatus.DELETING) {
      store.status(pod.tenant(), pod.podId(), PodStatus.DELETING, record.toStatus("stopping"));
    }
    finish(pod, container);
    if (thenStart) {
      if (store.restartToOn(pod.tenant(), pod.podId())) {
        store.status(
            pod.tenant(), pod.podId(), PodStatus.REQUESTED, record.cleared().toStatus("none"));
        store.log(pod.tenant(), pod.podId(), "restart: container removed, starting again");
      }
      return Outcome.recheck(Duration.ZERO);
    }
    store.status(
        pod.tenant(), pod.podId(), PodStatus.STOPPED, record.cleared().toStatus("stopped"));
    store.log(pod.tenant(), pod.podId(), "STOPPED: container removed");
    return Outcome.settled();
  }

  private Outcome crashed(
      Pod pod,
      ContainerRecord record,
      ObservedPod container,
      String reason,
      Integer code,
      Instant now) {
    if (container != null) {
      finish(pod, container);
    }
    Duration delay =
        Planner.backoff(record, now, properties.backoffInitial(), properties.backoffMax());
    ContainerRecord failed = record.failed(reason, code, now.plus(delay), now);
    store.status(pod.tenant(), pod.podId(), PodStatus.ERROR, failed.toStatus("restarting"));
    store.log(
        pod.tenant(),
        pod.podId(),
        "ERROR: "
            + reason
            + "; restart "
            + failed.restartCount()
            + " in "
            + delay.toMillis()
            + " ms");
    return Outcome.recheck(delay);
  }

  private Outcome terminal(
      Pod pod, ContainerRecord record, String reason, Integer code, ObservedPod container) {
    finish(pod, container);
    store.status(
        pod.tenant(),
        pod.podId(),
        PodStatus.ERROR,
        record.terminal(reason, code).toStatus("failed"));
    store.log(pod.tenant(), pod.podId(), "ERROR: " + reason);
    return Outcome.settled();
  }

  /**
   * Keeps the container's output (read to its end: once, even when Berth started after it ended),
   * then removes the container. {@code container} null: none seen, remove whatever is there.
   */
  private void finish(Pod pod, ObservedPod container) {
    PodKey key = new PodKey(pod.tenant(), pod.podId());
    output.finish(key, container);
    runtime.remove(key);
  }

  private Outcome keepOutputFresh(Optional<ObservedPod> observed) {
    observed.ifPresent(output::keep);
    return Outcome.settled();
  }

  private static Instant timeToStop(Pod pod, Instant start) {
    int seconds =
        pod.definition().timeToStopInstance() != null
            ? pod.definition().timeToStopInstance()
            : pod.definition().timeToStopDefault();
    return seconds < 0 ? null : start.plusSeconds(seconds);
  }

  /** Probe often right after start, when most services come up, then less. */
  private Duration pollInterval(Duration waited) {
    if (waited.compareTo(Duration.ofSeconds(2)) < 0) {
      return properties.readinessPoll();
    }
    return waited.compareTo(Duration.ofSeconds(10)) < 0
        ? Duration.ofMillis(200)
        : Duration.ofSeconds(1);
  }
}
