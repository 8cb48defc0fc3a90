package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The helper Pod through which Berth reaches the files on claims: an idle {@code sleep} that mounts
 * them at {@code /mnt/berth/<i>}, into which operations {@code exec}. Hardened as tenants' pods
 * are; it carries no tenant or pod annotations, so the runtime never takes it for a pod.
 */
final class HelperManifests {
  static final String COMPONENT = "helper";
  static final String CONTAINER = "helper";
  static final String STORAGE_IDS = "io.berth.storage-ids";

  /** A claim a helper mounts. */
  record ClaimMount(String storageId, boolean readOnly) {}

  private HelperManifests() {}

  static String mountPath(int index) {
    return "/mnt/berth/" + index;
  }

  /** What selects the helpers of a site, to clean up after a crash. */
  static Map<String, String> selector(String site) {
    return ObjectNames.componentSelector(site, COMPONENT);
  }

  static Pod pod(
      KubernetesProperties properties,
      String site,
      String namespace,
      String name,
      List<ClaimMount> claims,
      Duration lifetime) {
    Map<String, String> labels = new LinkedHashMap<>(selector(site));
    labels.put("app.kubernetes.io/managed-by", "berth");
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(
                Map.of(
                    STORAGE_IDS,
                    claims.stream().map(ClaimMount::storageId).collect(Collectors.joining(","))))
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withEnableServiceLinks(false)
            .withAutomountServiceAccountToken(false)
            // nothing to flush: the sleep is killed at once
            .withTerminationGracePeriodSeconds(0L)
            // a helper whose Berth died is ended by the kubelet, and deleted by the next Berth
            .withActiveDeadlineSeconds(lifetime.toSeconds())
            .withImagePullSecrets(
                properties.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
            .withNewSecurityContext()
            .withRunAsNonRoot(properties.requireNonRoot() ? Boolean.TRUE : null)
            .withRunAsUser(properties.requireNonRoot() ? 65534L : null)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName(CONTAINER)
            .withImage(properties.helperImage())
            .withImagePullPolicy("IfNotPresent")
            .withCommand("sleep", Long.toString(lifetime.toSeconds()))
            .withNewResources()
            .addToRequests("cpu", new Quantity("10m"))
            .addToRequests("memory", new Quantity("16Mi"))
            .addToLimits("memory", new Quantity("256Mi"))
            .endResources()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            // pods' files belong to whatever user their template runs as: copying them with
            // their owners (cp -a) and replacing them needs these three (all within the
            // Pod Security "baseline" level), and nothing more
            .withAdd("CHOWN", "DAC_OVERRIDE", "FOWNER")
            .endCapabilities()
            .endSecurityContext()
            .withVolumeMounts(
                IntStream.range(0, claims.size())
                    .mapToObj(i ->
                        new VolumeMountBuilder()
                            .withName("claim" + i)
                            .withMountPath(mountPath(i))
                            .withReadOnly(claims.get(i).readOnly())
                            .build())
                    .toList())
            .endContainer()
            .withVolumes(
                IntStream.range(0, claims.size())
                    .mapToObj(i ->
                        new VolumeBuilder()
                            .withName("claim" + i)
                            .withNewPersistentVolumeClaim()
                            .withClaimName(ObjectNames.claim(claims.get(i).storageId()))
                            .withReadOnly(claims.get(i).readOnly())
                            .endPersistentVolumeClaim()
                            .build())
                    .toList())
            .endSpec();
    return pod.build();
  }
}
