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
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pod a job becomes and how it reads back, as pure functions: the pods' manifest (same
 * requests, limits and restricted security context, restartPolicy Never) under a job's name and
 * labels, with the job's command, arguments and working directory, no env Secret, and a read-only
 * root with an in-memory {@code /tmp}.
 */
public final class JobPods {
  private static final String TMP = "tmp";

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
    container.getSecurityContext().setReadOnlyRootFilesystem(true);
    List<VolumeMount> mounts = new ArrayList<>(container.getVolumeMounts());
    mounts.add(new VolumeMountBuilder().withName(TMP).withMountPath("/tmp").build());
    container.setVolumeMounts(mounts);
    return new PodBuilder(pod)
        .editMetadata()
        .withName(ObjectNames.job(site, spec.key()))
        .withLabels(ObjectNames.jobLabels(site, spec.key()))
        .withAnnotations(annotations(spec.key()))
        .endMetadata()
        .editSpec()
        .addToVolumes(tmp(spec))
        .endSpec()
        .build();
  }

  /**
   * A job writes only its outputs and {@code /tmp}: an in-memory one, as large as its memory limit
   * (which its use counts against), so a job cannot fill the node's disk through its layer, as on
   * Docker and Podman.
   */
  private static Volume tmp(JobSpec spec) {
    return new VolumeBuilder()
        .withName(TMP)
        .withNewEmptyDir()
        .withMedium("Memory")
        .withSizeLimit(new Quantity(spec.resources().memLimitMiB() + "Mi"))
        .endEmptyDir()
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
