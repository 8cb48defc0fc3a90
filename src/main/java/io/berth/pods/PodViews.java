package io.berth.pods;

import io.berth.templates.Networking;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Pods as the API shows them: the stored pod with its URLs, its action log and, for a pod from a
 * stored template, the tag it was merged from. A list reads the logs and origins of all its pods at
 * once, not per pod.
 */
@Component
final class PodViews {
  private final PodUrls urls;
  private final ActionLog actionLog;
  private final PodTemplates templates;

  PodViews(PodUrls urls, ActionLog actionLog, PodTemplates templates) {
    this.urls = urls;
    this.actionLog = actionLog;
    this.templates = templates;
  }

  List<PodView> of(String tenant, List<Pod> pods) {
    List<String> ids = pods.stream().map(Pod::podId).toList();
    Map<String, List<String>> logs = actionLog.linesByPod(tenant, ids);
    Map<String, TemplateOrigin> origins = templates.origins(tenant, ids);
    return pods.stream()
        .map(p -> of(p, logs.getOrDefault(p.podId(), List.of()), origins.get(p.podId())))
        .toList();
  }

  PodView of(Pod pod) {
    return of(pod, actionLog.lines(pod.tenant(), pod.podId()));
  }

  PodView of(Pod pod, List<String> actionLogs) {
    return of(pod, actionLogs, templates.origin(pod).orElse(null));
  }

  PodView of(Pod pod, List<String> actionLogs, TemplateOrigin origin) {
    PodDefinition d = pod.definition();
    PodObserved o = pod.observed();
    Map<String, Networking> networking = urls.withUrls(pod.tenant(), pod.podId(), d.networking());
    return new PodView(
        pod.podId(),
        d.podTemplate(),
        d.image(),
        origin != null ? origin.reference() : d.template() == null ? "" : d.template(),
        origin == null ? null : origin.tagTimestamp(),
        d.description(),
        d.command(),
        d.arguments(),
        d.environmentVariables(),
        pod.statusRequested(),
        o.status(),
        o.container().toMap(),
        networking,
        d.resources(),
        d.computeQueue(),
        d.volumeMounts(),
        d.timeToStopDefault(),
        d.timeToStopInstance(),
        o.timeToStopTs(),
        o.startInstanceTs(),
        pod.creationTs(),
        pod.updateTs(),
        urls.mainUrl(networking),
        actionLogs,
        d.idleTimeout(),
        o.lastActivityTs(),
        o.stopReason(),
        d.wakeOnConnect());
  }
}
