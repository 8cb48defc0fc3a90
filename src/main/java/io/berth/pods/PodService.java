package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.auth.PasswordGenerator;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.PermissionsView;
import io.berth.permissions.Resource;
import io.berth.runtime.StorageNames;
import io.berth.templates.ImageAllowlist;
import io.berth.templates.ImageReference;
import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.templates.Template;
import io.berth.templates.TemplateCatalog;
import io.berth.web.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The pod use cases behind {@code /v3/pods}: each authorizes, validates, stores and logs. */
@Service
public class PodService {
  private static final Pattern USERNAME_CHARS = Pattern.compile("[^a-z0-9_]");

  private final PodRepository pods;
  private final Permissions permissions;
  private final CredentialStore credentials;
  private final ActionLog actionLog;
  private final PodAccess access;
  private final PodRules rules;
  private final TemplateCatalog templates;
  private final ImageAllowlist allowlist;
  private final PasswordGenerator passwords;
  private final PodUrls urls;
  private final VolumeMountCheck mountCheck;
  private final MountAuthority mountAuthority;
  private final PodQuotas quotas;
  private final PodChangeListener changes;
  private final PodDataKeeper dataKeeper;

  public PodService(
      PodRepository pods,
      Permissions permissions,
      CredentialStore credentials,
      ActionLog actionLog,
      PodAccess access,
      PodRules rules,
      TemplateCatalog templates,
      ImageAllowlist allowlist,
      PasswordGenerator passwords,
      PodUrls urls,
      VolumeMountCheck mountCheck,
      MountAuthority mountAuthority,
      PodQuotas quotas,
      PodChangeListener changes,
      PodDataKeeper dataKeeper) {
    this.pods = pods;
    this.permissions = permissions;
    this.credentials = credentials;
    this.actionLog = actionLog;
    this.access = access;
    this.rules = rules;
    this.templates = templates;
    this.allowlist = allowlist;
    this.passwords = passwords;
    this.urls = urls;
    this.mountCheck = mountCheck;
    this.mountAuthority = mountAuthority;
    this.quotas = quotas;
    this.changes = changes;
    this.dataKeeper = dataKeeper;
  }

  @Transactional
  public PodView create(Caller caller, NewPod request) {
    if (request == null) {
      throw ApiException.badRequest("The request body must be a JSON object describing the pod.");
    }
    String podId = rules.podId(request.podId());
    Source source = source(caller, request.podTemplate());
    Map<String, Networking> networking =
        rules.networking(
            request.networking() != null ? request.networking() : source.defaultNetworking());
    Resources resources =
        rules.resources(
            source.template() == null
                ? request.resources()
                : merged(request.resources(), source.template().resources()));
    Map<String, VolumeMount> mounts = rules.volumeMounts(request.volumeMounts());
    Pod pod =
        new Pod(
            caller.tenant(),
            podId,
            request.podTemplate(),
            source.image(),
            rules.description(request.description()),
            rules.command(request.command()),
            rules.environment(request.environmentVariables()),
            networking,
            resources,
            mounts,
            rules.timeToStopDefault(request.timeToStopDefault()),
            rules.timeToStopInstance(request.timeToStopInstance()),
            rules.initialStatusRequested(request.statusRequested()),
            PodStatus.REQUESTED,
            Map.of(),
            0,
            null,
            null,
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
    credentials.insert(caller.tenant(), podId, newCredentials(caller, source.template()));
    actionLog.append(
        caller.tenant(), podId, caller.user(), "created pod from " + request.podTemplate());
    signal(caller.tenant(), podId);
    return view(pod);
  }

  public List<PodView> list(Caller caller) {
    List<Pod> visible =
        caller.isTenantAdmin()
            ? pods.listTenant(caller.tenant())
            : pods.listVisibleTo(caller.tenant(), caller.user());
    Map<String, List<String>> logs =
        actionLog.linesByPod(caller.tenant(), visible.stream().map(Pod::podId).toList());
    return visible.stream().map(p -> view(p, logs.getOrDefault(p.podId(), List.of()))).toList();
  }

  public PodView get(Caller caller, String podId) {
    PodRepository.PodRead read = access.requireForReading(caller, podId);
    return view(read.pod(), read.actionLogs());
  }

  @Transactional
  public PodView update(Caller caller, String podId, PodUpdate update) {
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    if (update == null) {
      throw ApiException.badRequest("The request body must be a JSON object of fields to change.");
    }
    List<String> changed = new ArrayList<>();
    String podTemplate = pod.podTemplate();
    String image = pod.image();
    Template template = templates.find(pod.podTemplate()).orElse(null);
    if (update.podTemplate() != null && !update.podTemplate().equals(pod.podTemplate())) {
      Source source = source(caller, update.podTemplate());
      podTemplate = update.podTemplate();
      image = source.image();
      template = source.template();
      changed.add("pod_template");
    }
    String description = pod.description();
    if (update.description() != null) {
      description = rules.description(update.description());
      changed.add("description");
    }
    List<String> command = pod.command();
    if (update.command() != null) {
      command = rules.command(update.command());
      changed.add("command");
    }
    Map<String, String> environment = pod.environmentVariables();
    if (update.environmentVariables() != null) {
      environment = rules.environment(update.environmentVariables());
      changed.add("environment_variables");
    }
    Map<String, Networking> networking = pod.networking();
    if (update.networking() != null) {
      networking = rules.networking(update.networking());
      quotas.networkingChanging(pod, networking);
      changed.add("networking");
    }
    Resources resources = pod.resources();
    if (update.resources() != null) {
      resources =
          rules.resources(
              template == null
                  ? merged(update.resources(), pod.resources())
                  : merged(update.resources(), merged(pod.resources(), template.resources())));
      changed.add("resources");
    }
    Map<String, VolumeMount> mounts = pod.volumeMounts();
    if (update.volumeMounts() != null) {
      mounts = rules.volumeMounts(update.volumeMounts());
      mountCheck.check(caller, MountChange.added(pod.volumeMounts(), mounts));
      changed.add("volume_mounts");
    }
    int timeToStopDefault = pod.timeToStopDefault();
    if (update.timeToStopDefault() != null) {
      timeToStopDefault = rules.timeToStopDefault(update.timeToStopDefault());
      changed.add("time_to_stop_default");
    }
    Integer timeToStopInstance = pod.timeToStopInstance();
    if (update.timeToStopInstance() != null) {
      timeToStopInstance = rules.timeToStopInstance(update.timeToStopInstance());
      changed.add("time_to_stop_instance");
    }
    if (changed.isEmpty()) {
      throw ApiException.badRequest(
          "Incoming data made no changes to pod. Is incoming data equal to current data? Give at"
              + " least one field.");
    }
    // whoever changes what the pod runs could read and write what it mounts through it: they need
    // the mount level on everything it mounts, and its mounts then stand on their authority
    boolean runsOrMounts = MountChange.runsOrMounts(changed);
    if (runsOrMounts) {
      mountCheck.checkKept(caller, podId, MountChange.kept(pod.volumeMounts(), mounts));
    }
    Pod updated =
        new Pod(
            pod.tenant(),
            podId,
            podTemplate,
            image,
            description,
            command,
            environment,
            networking,
            resources,
            mounts,
            timeToStopDefault,
            timeToStopInstance,
            pod.statusRequested(),
            pod.status(),
            pod.statusContainer(),
            pods.nextGeneration(),
            pod.timeToStopTs(),
            pod.startInstanceTs(),
            pod.creationTs(),
            now(),
            pod.createdBy(),
            pod.uid());
    pods.updateSpec(updated);
    if (runsOrMounts) {
      mountAuthority.set(caller.tenant(), podId, caller);
    }
    if (update.networking() != null) {
      urls.assign(caller.tenant(), podId, networking);
    }
    actionLog.append(
        caller.tenant(), podId, caller.user(), "updated " + String.join(", ", changed));
    signal(caller.tenant(), podId);
    return view(updated);
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
    Instant now = now();
    pods.updateStatusRequested(caller.tenant(), podId, requested, now);
    actionLog.append(
        caller.tenant(),
        podId,
        caller.user(),
        switch (requested) {
          case ON -> "requested start (status_requested ON)";
          case OFF -> "requested stop (status_requested OFF)";
          case RESTART -> "requested restart (status_requested RESTART)";
        });
    signal(caller.tenant(), podId);
    return view(pod.withStatusRequested(requested, now));
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

  private PodView view(Pod pod) {
    return view(pod, actionLog.lines(pod.tenant(), pod.podId()));
  }

  private PodView view(Pod pod, List<String> actionLogs) {
    Map<String, Networking> networking = urls.withUrls(pod.tenant(), pod.podId(), pod.networking());
    return new PodView(
        pod.podId(),
        pod.podTemplate(),
        pod.image(),
        pod.description(),
        pod.command(),
        pod.environmentVariables(),
        pod.statusRequested(),
        pod.status(),
        pod.statusContainer(),
        networking,
        pod.resources(),
        pod.volumeMounts(),
        pod.timeToStopDefault(),
        pod.timeToStopInstance(),
        pod.timeToStopTs(),
        pod.startInstanceTs(),
        pod.creationTs(),
        pod.updateTs(),
        urls.mainUrl(networking),
        actionLogs);
  }

  /** What a pod runs: a catalog template, or a plain image the allowlist permits. */
  private record Source(String image, Template template) {
    Map<String, Networking> defaultNetworking() {
      if (template != null) {
        return template.networking();
      }
      Map<String, Networking> http = new LinkedHashMap<>();
      http.put("default", new Networking("http", 5000, null, null, null));
      return http;
    }
  }

  private Source source(Caller caller, String podTemplate) {
    if (podTemplate == null || podTemplate.isBlank()) {
      throw ApiException.badRequest(
          "Field pod_template is required: template/<name> from GET /v3/pods/templates, or an"
              + " image reference on the allowlist.");
    }
    if (podTemplate.startsWith(Template.PREFIX)) {
      Template template =
          templates
              .find(podTemplate)
              .orElseThrow(() ->
                  ApiException.unprocessable(
                      "Field pod_template: "
                          + podTemplate
                          + " is not in the template catalog (GET /v3/pods/templates)."));
      return new Source(template.image(), template);
    }
    if (!ImageReference.isValid(podTemplate)) {
      throw ApiException.badRequest(
          "Field pod_template must be template/<name> or an image reference like"
              + " docker.io/library/nginx:1.27.");
    }
    if (!allowlist.allows(caller.tenant(), podTemplate)) {
      throw ApiException.unprocessable(
          "Field pod_template: image "
              + podTemplate
              + " is not on the image allowlist (GET /v3/pods/images).");
    }
    return new Source(podTemplate, null);
  }

  private PodCredentials newCredentials(Caller caller, Template template) {
    String user = USERNAME_CHARS.matcher(caller.user().toLowerCase(Locale.ROOT)).replaceAll("_");
    if (user.isEmpty() || !Character.isLetter(user.charAt(0))) {
      user = "u" + user;
    }
    if (user.length() > 63) {
      user = user.substring(0, 63);
    }
    String admin = template == null ? "podsadmin" : template.adminUsername();
    if (admin.equals(user)) {
      user = user + "_user";
    }
    return new PodCredentials(user, passwords.generate(), admin, passwords.generate());
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
