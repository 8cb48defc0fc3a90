package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.PermissionsView;
import io.berth.permissions.Resource;
import io.berth.templates.TemplateTag;
import io.berth.web.ApiException;
import io.berth.web.Updated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The pod use cases behind {@code /v3/pods}: each authorizes, validates, stores and logs. */
@Service
public class PodService {
  private final PodRepository pods;
  private final Permissions permissions;
  private final CredentialStore credentials;
  private final ActionLog actionLog;
  private final PodAccess access;
  private final PodDataKeeper dataKeeper;
  private final PodLifetime lifetime;
  private final PodTemplates templates;
  private final PodViews views;
  private final PodSignals signals;
  private final PodCreation creation;
  private final PodUpdating updating;

  public PodService(
      PodRepository pods,
      Permissions permissions,
      CredentialStore credentials,
      ActionLog actionLog,
      PodAccess access,
      PodDataKeeper dataKeeper,
      PodLifetime lifetime,
      PodTemplates templates,
      PodViews views,
      PodSignals signals,
      PodCreation creation,
      PodUpdating updating) {
    this.pods = pods;
    this.permissions = permissions;
    this.credentials = credentials;
    this.actionLog = actionLog;
    this.access = access;
    this.dataKeeper = dataKeeper;
    this.lifetime = lifetime;
    this.templates = templates;
    this.views = views;
    this.signals = signals;
    this.creation = creation;
    this.updating = updating;
  }

  /** Moves the running pod's stop {@code seconds} later (USER). */
  @Transactional
  public PodView extend(Caller caller, String podId, PodExtension body, String query) {
    int seconds = PodLifetime.seconds(body, query);
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    Pod extended = lifetime.extend(caller, pod, seconds);
    signals.afterCommit(caller.tenant(), podId);
    return views.of(extended);
  }

  @Transactional
  public PodView create(Caller caller, NewPod request) {
    return creation.create(caller, request);
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
    return updating.update(caller, podId, update);
  }

  /**
   * Restarts a pod; with {@code grabLatestTag}, a pod from a stored template first moves onto the
   * newest tag of it: its own fields laid over that tag again, the new tag recorded.
   */
  @Transactional
  public PodView restart(Caller caller, String podId, boolean grabLatestTag) {
    return updating.restart(caller, podId, grabLatestTag);
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

  @Transactional
  public void delete(Caller caller, String podId, boolean deleteData) {
    Pod pod = access.require(caller, podId, PermissionLevel.ADMIN);
    // kept data becomes its ADMINs' volumes (read before the pod's grants go); storage nobody
    // keeps goes with the container
    boolean dropData = deleteData || dataKeeper.keep(pod, caller.user()).isEmpty();
    pods.delete(pod, dropData, now());
    permissions.deleted(Resource.pod(caller.tenant(), podId));
    signals.afterCommit(caller.tenant(), podId);
  }

  @Transactional
  public PodView requestStatus(Caller caller, String podId, StatusRequested requested) {
    return updating.requestStatus(caller, podId, requested);
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

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
