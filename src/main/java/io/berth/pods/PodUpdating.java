package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.auth.PasswordGenerator;
import io.berth.permissions.PermissionLevel;
import io.berth.web.ApiException;
import io.berth.web.Updated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Changing a pod: an update's fields merged into its definition ({@link DefinitionMerge}) with the
 * checks a change needs (quotas, mounts, placeholders), a move onto a template's tag, and the
 * status it is asked for.
 */
@Component
final class PodUpdating {
  private final PodRepository pods;
  private final CredentialStore credentials;
  private final ActionLog actionLog;
  private final PodAccess access;
  private final PodRules rules;
  private final PodSources sources;
  private final PasswordGenerator passwords;
  private final PodUrls urls;
  private final VolumeMountCheck mountCheck;
  private final MountAuthority mountAuthority;
  private final PodQuotas quotas;
  private final PodLifetime lifetime;
  private final PodTemplates templates;
  private final PodViews views;
  private final PodSignals signals;

  PodUpdating(
      PodRepository pods,
      CredentialStore credentials,
      ActionLog actionLog,
      PodAccess access,
      PodRules rules,
      PodSources sources,
      PasswordGenerator passwords,
      PodUrls urls,
      VolumeMountCheck mountCheck,
      MountAuthority mountAuthority,
      PodQuotas quotas,
      PodLifetime lifetime,
      PodTemplates templates,
      PodViews views,
      PodSignals signals) {
    this.pods = pods;
    this.credentials = credentials;
    this.actionLog = actionLog;
    this.access = access;
    this.rules = rules;
    this.sources = sources;
    this.passwords = passwords;
    this.urls = urls;
    this.mountCheck = mountCheck;
    this.mountAuthority = mountAuthority;
    this.quotas = quotas;
    this.lifetime = lifetime;
    this.templates = templates;
    this.views = views;
    this.signals = signals;
  }

  /**
   * Changes what the pod runs (from its next start) and, with {@code status_requested}, starts,
   * stops or restarts it; the fields given are merged by {@link DefinitionMerge}.
   */
  Updated<PodView> update(Caller caller, String podId, PodUpdate update) {
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    if (update == null) {
      throw ApiException.badRequest("The request body must be a JSON object of fields to change.");
    }
    if (update.givesNothing()) {
      throw ApiException.badRequest(
          Updated.noChanges("pod")
              + " Give at least one field (some clients drop fields their spec does not list).");
    }
    Optional<TemplateOrigin> origin = templates.origin(pod);
    if (origin.isPresent() && update.names(origin.get())) {
      update = update.withoutTemplate(); // naming the template it came from is no change
    }
    Optional<PodTemplates.Move> move = templates.named(caller, pod, update);
    if (move.isPresent()) {
      return move(caller, pod, move.get()); // another stored template: its tag under the fields
    }
    Updated<PodView> updated = apply(caller, pod, update, null);
    if (origin.isPresent()) {
      templates.changedByUser(pod, update); // the owner's fields win at the next move
    }
    return updated;
  }

  /**
   * Restarts a pod; with {@code grabLatestTag}, a pod from a stored template first moves onto the
   * newest tag of it: its own fields laid over that tag again, the new tag recorded.
   */
  PodView restart(Caller caller, String podId, boolean grabLatestTag) {
    if (!grabLatestTag) {
      return requestStatus(caller, podId, StatusRequested.RESTART);
    }
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    Optional<PodTemplates.Move> move = templates.newest(caller, pod);
    if (move.isEmpty()) {
      return requestStatus(caller, podId, StatusRequested.RESTART);
    }
    return move(caller, pod, move.get()).result();
  }

  /** Moves a pod onto a template's tag through the normal update checks; records the tag. */
  private Updated<PodView> move(Caller caller, Pod pod, PodTemplates.Move move) {
    TemplateOrigin origin = move.origin();
    templates.record(caller.tenant(), pod.podId(), origin);
    actionLog.append(
        caller.tenant(),
        pod.podId(),
        caller.user(),
        "moved to template " + origin.templateId() + " tag " + origin.tagTimestamp());
    return apply(caller, pod, move.update(), move.computeQueue());
  }

  /** Applies an update; {@code queue}, when not null, is the compute queue it moves the pod to. */
  private Updated<PodView> apply(Caller caller, Pod pod, PodUpdate update, String queue) {
    String podId = pod.podId();
    StatusRequested requested =
        update.statusRequested() == null ? null : rules.statusRequested(update.statusRequested());
    DefinitionMerge.Result merge =
        DefinitionMerge.apply(pod.definition(), change(caller, pod.definition(), update, queue));
    List<String> changed = merge.changed();
    if (changed.isEmpty() && requested == null) {
      return new Updated<>(views.of(pod), false); // every value given is the pod's already
    }
    PodDefinition definition = merge.definition();
    if (changed.contains("compute_queue")) { // the given resources over the new queue's defaults
      definition =
          definition.withResources(rules.resources(update.resources(), definition.computeQueue()));
    } else if (changed.contains("resources")) {
      definition =
          definition.withResources(
              rules.resources(definition.resources(), definition.computeQueue()));
    }
    if (changed.contains("networking")) {
      quotas.networkingChanging(pod, definition.networking());
    }
    if (changed.contains("volume_mounts")) {
      mountCheck.check(
          caller, MountChange.added(pod.definition().volumeMounts(), definition.volumeMounts()));
    }
    // whoever changes what the pod runs could read and write what it mounts through it: they need
    // the mount level on everything it mounts, and its mounts then stand on their authority
    boolean runsOrMounts = MountChange.runsOrMounts(changed);
    if (runsOrMounts) {
      mountCheck.checkKept(
          caller,
          podId,
          MountChange.kept(pod.definition().volumeMounts(), definition.volumeMounts()));
    }
    if (requested != null) {
      quotas.starting(pod, requested);
    }
    if (DefinitionPlaceholders.mayUse(changed)) {
      // placeholders new to the pod get values (generated or defaults) once, as at creation
      Map<String, String> known = credentials.placeholders(caller.tenant(), podId);
      credentials.addPlaceholders(
          caller.tenant(),
          podId,
          DefinitionPlaceholders.values(definition, known, Map.of(), passwords));
    }
    Pod updated = pod;
    if (!changed.isEmpty()) {
      updated = pod.withDefinition(definition, pods.nextGeneration(), now());
      pods.updateSpec(updated);
      if (runsOrMounts) {
        mountAuthority.set(caller.tenant(), podId, caller);
      }
      if (changed.contains("networking")) {
        urls.assign(caller.tenant(), podId, definition.networking());
      }
      actionLog.append(
          caller.tenant(), podId, caller.user(), "updated " + String.join(", ", changed));
      if (changed.contains("time_to_stop_instance") || changed.contains("time_to_stop_default")) {
        updated = lifetime.timeToStopChanged(updated);
      }
    }
    if (requested != null) {
      updated = statusRequested(caller, updated, requested);
    }
    signals.afterCommit(caller.tenant(), podId);
    return new Updated<>(views.of(updated), true);
  }

  /** The update's fields, validated one by one; those left out stay null (kept). */
  private DefinitionChange change(Caller caller, PodDefinition current, PodUpdate u, String queue) {
    PodSource source =
        sameSource(current, u)
            ? null
            : sources.given(caller, u.image(), u.template(), u.podTemplate()).orElse(null);
    return DefinitionChange.of(u, source, queue, rules);
  }

  /** Naming the source a pod already has is no change (and not checked against today's lists). */
  private static boolean sameSource(PodDefinition current, PodUpdate u) {
    return current.podTemplate().equals(u.podTemplate())
        || (current.template() == null && current.image().equals(u.image()))
        || (current.template() != null
            && (current.template().equals(u.template())
                || current.podTemplate().equals(u.template())));
  }

  /** Asks for a start, stop or restart of the pod (USER): stored, logged, signalled. */
  PodView requestStatus(Caller caller, String podId, StatusRequested requested) {
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    quotas.starting(pod, requested);
    Pod updated = statusRequested(caller, pod, requested);
    signals.afterCommit(caller.tenant(), podId);
    return views.of(updated);
  }

  Pod statusRequested(Caller caller, Pod pod, StatusRequested requested) {
    Instant now = now();
    pods.updateStatusRequested(caller.tenant(), pod.podId(), requested, now);
    actionLog.append(
        caller.tenant(),
        pod.podId(),
        caller.user(),
        switch (requested) {
          case ON -> "requested start (status_requested ON)";
          case OFF -> "requested stop (status_requested OFF)";
          case RESTART -> "requested restart (status_requested RESTART)";
        });
    return pod.withStatusRequested(requested, now);
  }

  private static Instant now() {
    return PodService.now();
  }
}
