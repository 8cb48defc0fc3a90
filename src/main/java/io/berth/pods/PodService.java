package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.auth.PasswordGenerator;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.PermissionsView;
import io.berth.permissions.Resource;
import io.berth.runtime.PodKey;
import io.berth.runtime.StorageNames;
import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.templates.TemplateTag;
import io.berth.web.ApiException;
import io.berth.web.Updated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The pod use cases behind {@code /v3/pods}: each authorizes, validates, stores and logs. */
@Service
public class PodService {
  private final PodRepository pods;
  private final Permissions permissions;
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
  private final PodChangeListener changes;
  private final PodDataKeeper dataKeeper;
  private final PodLifetime lifetime;
  private final PodTemplates templates;
  private final PodViews views;

  public PodService(
      PodRepository pods,
      Permissions permissions,
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
      PodChangeListener changes,
      PodDataKeeper dataKeeper,
      PodLifetime lifetime,
      PodTemplates templates) {
    this.lifetime = lifetime;
    this.pods = pods;
    this.permissions = permissions;
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
    this.changes = changes;
    this.dataKeeper = dataKeeper;
    this.templates = templates;
    this.views = new PodViews(urls, actionLog, templates);
  }

  /** Moves the running pod's stop {@code seconds} later (USER). */
  @Transactional
  public PodView extend(Caller caller, String podId, PodExtension body, String query) {
    int seconds = PodLifetime.seconds(body, query);
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    Pod extended = lifetime.extend(caller, pod, seconds);
    signal(caller.tenant(), podId);
    return views.of(extended);
  }

  @Transactional
  public PodView create(Caller caller, NewPod request) {
    if (request == null) {
      throw ApiException.badRequest("The request body must be a JSON object describing the pod.");
    }
    String podId = rules.podId(request.podId());
    // a stored template's tag under the request: the merged fields are validated as the user's
    Optional<PodTemplates.FromTemplate> fromTemplate = templates.resolve(caller, request);
    PodSource source =
        fromTemplate.isPresent()
            ? fromTemplate.get().source()
            : sources.required(caller, request.image(), request.template(), request.podTemplate());
    request = fromTemplate.map(PodTemplates.FromTemplate::request).orElse(request);
    String queue = rules.computeQueue(request.computeQueue());
    Map<String, Networking> networking =
        rules.networking(
            request.networking() != null ? request.networking() : source.defaultNetworking());
    Resources resources =
        rules.resources(merged(request.resources(), source.templateResources()), queue);
    Map<String, VolumeMount> mounts = rules.volumeMounts(request.volumeMounts());
    PodDefinition definition =
        new PodDefinition(
            source.templateName(),
            source.image(),
            rules.description(request.description()),
            rules.command(request.command()),
            rules.arguments(request.arguments()),
            rules.environment(request.environmentVariables()),
            networking,
            resources,
            mounts,
            rules.timeToStopDefault(request.timeToStopDefault()),
            rules.timeToStopInstance(request.timeToStopInstance()),
            queue,
            rules.idleTimeout(request.idleTimeout(), source.templateIdleTimeout()),
            Boolean.TRUE.equals(request.wakeOnConnect()));
    // resolved once, sealed with the credentials; the definition keeps the placeholders' names
    Map<String, String> placeholders =
        DefinitionPlaceholders.values(definition, Map.of(), request.placeholderValues(), passwords);
    Pod pod =
        new Pod(
            new PodKey(caller.tenant(), podId),
            definition,
            rules.initialStatusRequested(request.statusRequested()),
            PodObserved.REQUESTED,
            0,
            now(),
            now(),
            caller.user(),
            StorageNames.newUid());
    mountCheck.check(caller, mounts);
    if (pods.exists(caller.tenant(), podId)) {
      throw duplicate(podId);
    }
    quotas.creating(caller, pod.statusRequested(), networking);
    pod = pod.withGeneration(pods.nextGeneration());
    try {
      pods.insert(pod);
    } catch (DuplicateKeyException e) {
      throw duplicate(podId);
    }
    permissions.created(Resource.pod(caller.tenant(), podId), caller.user());
    mountAuthority.set(caller.tenant(), podId, caller);
    urls.assign(caller.tenant(), podId, networking);
    credentials.insert(
        caller.tenant(),
        podId,
        PodCredentials.generate(caller.user(), source.template(), passwords)
            .withPlaceholders(placeholders));
    fromTemplate.ifPresent(t -> templates.record(caller.tenant(), podId, t.origin()));
    actionLog.append(
        caller.tenant(),
        podId,
        caller.user(),
        "created pod from "
            + fromTemplate
                .map(t ->
                    "template " + t.origin().templateId() + " tag " + t.origin().tagTimestamp())
                .orElse(definition.podTemplate()));
    signal(caller.tenant(), podId);
    return views.of(pod);
  }

  public List<PodView> list(Caller caller) {
    List<Pod> visible =
        caller.isTenantAdmin()
            ? pods.listTenant(caller.tenant())
            : pods.listVisibleTo(caller.tenant(), caller.user());
    return views.of(caller.tenant(), visible);
  }

  public PodView get(Caller caller, String podId) {
    PodRepository.PodRead read = access.requireForReading(caller, podId);
    return views.of(read.pod(), read.actionLogs());
  }

  /**
   * The pod's definition as derived from its template tag and its owner's fields, with where each
   * field came from ({@code sources}: template, pod, both, default) in the envelope's metadata.
   */
  public Derived derived(Caller caller, String podId) {
    PodRepository.PodRead read = access.requireForReading(caller, podId);
    Optional<TemplateOrigin> origin = templates.origin(read.pod());
    return new Derived(
        views.of(read.pod(), read.actionLogs(), origin.orElse(null)),
        templates.derivation(read.pod(), origin));
  }

  /** A pod's derived definition and the provenance of its fields. */
  public record Derived(PodView pod, Map<String, Object> metadata) {}

  /**
   * Changes what the pod runs (from its next start) and, with {@code status_requested}, starts,
   * stops or restarts it; the fields given are merged by {@link DefinitionMerge}.
   */
  @Transactional
  public Updated<PodView> update(Caller caller, String podId, PodUpdate update) {
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
  @Transactional
  public PodView restart(Caller caller, String podId, boolean grabLatestTag) {
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

  /** Saves the pod's definition as a new tag of a template the caller holds USER on. */
  @Transactional
  public TemplateTag saveAsTemplateTag(Caller caller, String podId, NewTemplateTagFromPod request) {
    Pod pod = access.require(caller, podId, PermissionLevel.READ);
    TemplateTag tag = templates.saveAsTag(caller, pod, request);
    actionLog.append(
        caller.tenant(),
        podId,
        caller.user(),
        "saved as template " + tag.templateId() + " tag " + tag.tagTimestamp());
    return tag;
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
    signal(caller.tenant(), podId);
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

  @Transactional
  public void delete(Caller caller, String podId, boolean deleteData) {
    Pod pod = access.require(caller, podId, PermissionLevel.ADMIN);
    // kept data becomes its ADMINs' volumes (read before the pod's grants go); storage nobody
    // keeps goes with the container
    boolean dropData = deleteData || dataKeeper.keep(pod, caller.user()).isEmpty();
    pods.delete(pod, dropData, now());
    permissions.deleted(Resource.pod(caller.tenant(), podId));
    signal(caller.tenant(), podId);
  }

  @Transactional
  public PodView requestStatus(Caller caller, String podId, StatusRequested requested) {
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    quotas.starting(pod, requested);
    Pod updated = statusRequested(caller, pod, requested);
    signal(caller.tenant(), podId);
    return views.of(updated);
  }

  private Pod statusRequested(Caller caller, Pod pod, StatusRequested requested) {
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

  public PodCredentials credentials(Caller caller, String podId) {
    access.require(caller, podId, PermissionLevel.USER);
    return credentials
        .find(caller.tenant(), podId)
        .orElseThrow(() -> ApiException.notFound("Pod " + podId + " has no credentials."));
  }

  public PodLogs logs(Caller caller, String podId) {
    access.require(caller, podId, PermissionLevel.READ);
    return new PodLogs(
        pods.containerLogs(caller.tenant(), podId), actionLog.lines(caller.tenant(), podId));
  }

  public PermissionsView permissions(Caller caller, String podId) {
    access.require(caller, podId, PermissionLevel.READ);
    return new PermissionsView(permissions.list(Resource.pod(caller.tenant(), podId)));
  }

  @Transactional
  public PermissionsView grant(Caller caller, String podId, PermissionGrant grant) {
    access.require(caller, podId, PermissionLevel.ADMIN);
    List<String> list = permissions.grant(caller, Resource.pod(caller.tenant(), podId), grant);
    actionLog.append(
        caller.tenant(),
        podId,
        caller.user(),
        "granted " + grant.checkedLevel() + " to " + grant.user());
    return new PermissionsView(list);
  }

  @Transactional
  public PermissionsView revoke(Caller caller, String podId, String user) {
    access.require(caller, podId, PermissionLevel.ADMIN);
    List<String> list = permissions.revoke(caller, Resource.pod(caller.tenant(), podId), user);
    actionLog.append(caller.tenant(), podId, caller.user(), "revoked permissions of " + user);
    return new PermissionsView(list);
  }

  private static Resources merged(Resources request, Resources fallback) {
    Resources base = request == null ? new Resources(null, null, null, null, null) : request;
    return base.withDefaultsFrom(
        Objects.requireNonNullElse(fallback, new Resources(null, null, null, null, null)));
  }

  private static ApiException duplicate(String podId) {
    return ApiException.conflict("Field pod_id: a pod named " + podId + " already exists.");
  }

  /** Wakes the reconciler once the change is committed, so it never reads the old state. */
  private void signal(String tenant, String podId) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              changes.podChanged(tenant, podId);
            }
          });
    } else {
      changes.podChanged(tenant, podId);
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
