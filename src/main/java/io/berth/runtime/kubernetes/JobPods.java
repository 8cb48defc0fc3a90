package io.berth.runtime.kubernetes;

import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pod a job becomes and how it reads back, as pure functions: the pods' manifest (same
 * requests, limits and restricted security context, restartPolicy Never) under a job's name and
 * labels, with the job's command, arguments and working directory and no env Secret.
 */
public final class JobPods {
  private JobPods() {}

  public static Pod pod(KubernetesProperties properties, String site, JobSpec spec) {
    String namespace = ObjectNames.namespace(properties, spec.key().tenant());
    Pod pod = PodManifests.pod(properties, site, namespace, spec.asPod());
    Container container = pod.getSpec().getContainers().get(0);
    container.setEnvFrom(List.of());
    container.setEnv(
        spec.env().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new io.fabric8.kubernetes.api.model.EnvVar(e.getKey(), e.getValue(), null))
            .toList());
    container.setCommand(spec.command().isEmpty() ? null : spec.command());
    container.setArgs(spec.args().isEmpty() ? null : spec.args());
    container.setWorkingDir(spec.workingDir());
    return new PodBuilder(pod)
        .editMetadata()
        .withName(ObjectNames.job(site, spec.key()))
        .withLabels(ObjectNames.jobLabels(site, spec.key()))
        .withAnnotations(annotations(spec.key()))
        .endMetadata()
        .build();
  }

  static Map<String, String> annotations(JobKey key) {
    return Map.of(ObjectNames.TENANT, key.tenant(), ObjectNames.JOB, key.jobId());
  }

  /** The job's key from its annotations; empty for objects Berth did not make. */
  static Optional<JobKey> key(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    if (a == null || a.get(ObjectNames.TENANT) == null || a.get(ObjectNames.JOB) == null) {
      return Optional.empty();
    }
    return Optional.of(new JobKey(a.get(ObjectNames.TENANT), a.get(ObjectNames.JOB)));
  }

  public static ObservedJob observed(JobKey key, Pod pod) {
    ObservedPod seen = ObservedPods.observed(new PodKey(key.tenant(), key.jobId()), pod, null);
    return new ObservedJob(
        key,
        seen.containerId(),
        seen.state(),
        seen.exitCode(),
        seen.oomKilled(),
        seen.error(),
        seen.startedAt(),
        seen.finishedAt(),
        imageDigest(pod));
  }

  /** The kubelet's imageID: {@code docker-pullable://repo@sha256:...} or a bare digest. */
  static String imageDigest(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      String id = s.getImageID();
      if (id != null && !id.isBlank()) {
        return id.replaceFirst("^[a-z-]+://", "");
      }
    }
    return null;
  }
}
