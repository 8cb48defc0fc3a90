package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.auth.PasswordGenerator;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.runtime.PodKey;
import io.berth.runtime.StorageNames;
import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.web.ApiException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Creating a pod: its source (an image, a site template, or a stored template's tag under the
 * request), its validated definition, its grants, URLs, credentials and placeholder values.
 */
@Component
final class PodCreation {
  private final PodRepository pods;
  private final Permissions permissions;
  private final CredentialStore credentials;
  private final ActionLog actionLog;
  private final PodRules rules;
  private final PodSources sources;
  private final PasswordGenerator passwords;
  private final PodUrls urls;
  private final VolumeMountCheck mountCheck;
  private final MountAuthority mountAuthority;
  private final PodQuotas quotas;
  private final PodTemplates templates;
  private final PodViews views;
  private final PodSignals signals;

  PodCreation(
      PodRepository pods,
      Permissions permissions,
      CredentialStore credentials,
      ActionLog actionLog,
      PodRules rules,
      PodSources sources,
      PasswordGenerator passwords,
      PodUrls urls,
      VolumeMountCheck mountCheck,
      MountAuthority mountAuthority,
      PodQuotas quotas,
      PodTemplates templates,
      PodViews views,
      PodSignals signals) {
    this.pods = pods;
    this.permissions = permissions;
    this.credentials = credentials;
    this.actionLog = actionLog;
    this.rules = rules;
    this.sources = sources;
    this.passwords = passwords;
    this.urls = urls;
    this.mountCheck = mountCheck;
    this.mountAuthority = mountAuthority;
    this.quotas = quotas;
    this.templates = templates;
    this.views = views;
    this.signals = signals;
  }

  PodView create(Caller caller, NewPod request) {
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
            PodService.now(),
            PodService.now(),
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
    signals.afterCommit(caller.tenant(), podId);
    return views.of(pod);
  }

  private static Resources merged(Resources request, Resources fallback) {
    Resources base = request == null ? new Resources(null, null, null, null, null) : request;
    return base.withDefaultsFrom(
        Objects.requireNonNullElse(fallback, new Resources(null, null, null, null, null)));
  }

  private static ApiException duplicate(String podId) {
    return ApiException.conflict("Field pod_id: a pod named " + podId + " already exists.");
  }
}
