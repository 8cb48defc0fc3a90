package io.berth.runtime.kubernetes;

import io.berth.runtime.MountSpec;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.ReadinessSpec;
import io.berth.runtime.ResourceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Pod, Service and env Secret a {@link PodSpec} becomes, as a pure function (no I/O): requests
 * and limits, least privilege, the env only by reference to the Secret, one claim per mounted
 * storage, a ClusterIP Service with a port per networking entry.
 */
public final class PodManifests {
  static final String CONTAINER = "main";

  private PodManifests() {}

  /** Everything one Berth pod is made of, in the order they must be created. */
  public record Manifests(Secret secret, Optional<Service> service, Pod pod) {}

  public static Manifests build(KubernetesProperties properties, String site, PodSpec spec) {
    String namespace = ObjectNames.namespace(properties, spec.key().tenant());
    return new Manifests(
        secret(site, namespace, spec),
        service(site, namespace, spec),
        pod(properties, site, namespace, spec));
  }

  /** All env values go to the Secret: templates expand credentials into them. */
  static Secret secret(String site, String namespace, PodSpec spec) {
    Map<String, String> data = new LinkedHashMap<>();
    spec.env()
        .forEach((k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ObjectNames.envSecret(site, spec.key()))
        .withNamespace(namespace)
        .withLabels(ObjectNames.labels(site, spec.key(), spec.generation()))
        .withAnnotations(ObjectNames.annotations(spec.key()))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** None for a pod without ports: Kubernetes refuses a ClusterIP Service without one. */
  static Optional<Service> service(String site, String namespace, PodSpec spec) {
    List<ServicePort> ports = new ArrayList<>();
    Set<Integer> seen = new LinkedHashSet<>();
    for (PortSpec port : spec.ports()) {
      if (seen.add(port.containerPort())) {
        ports.add(
            new ServicePortBuilder()
                .withName(portName(port))
                .withProtocol("TCP")
                .withPort(port.containerPort())
                .withNewTargetPort(port.containerPort())
                .build());
      }
    }
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceBuilder()
            .withNewMetadata()
            .withName(ObjectNames.pod(site, spec.key()))
            .withNamespace(namespace)
            .withLabels(ObjectNames.labels(site, spec.key(), spec.generation()))
            .withAnnotations(ObjectNames.annotations(spec.key()))
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(ObjectNames.podSelector(site, spec.key()))
            .withPorts(ports)
            .endSpec()
            .build());
  }

  static Pod pod(KubernetesProperties properties, String site, String namespace, PodSpec spec) {
    Map<String, String> annotations = new LinkedHashMap<>(ObjectNames.annotations(spec.key()));
    annotations.putAll(scrapeAnnotations(properties.prometheus(), spec));
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    Map<String, String> volumeNames = new LinkedHashMap<>();
    for (MountSpec mount : spec.mounts()) {
      String volumeName =
          volumeNames.computeIfAbsent(mount.storageId(), id -> "data" + volumeNames.size());
      if (volumes.stream().noneMatch(v -> v.getName().equals(volumeName))) {
        volumes.add(
            new VolumeBuilder()
                .withName(volumeName)
                .withNewPersistentVolumeClaim(ObjectNames.claim(mount.storageId()), false)
                .build());
      }
      mounts.add(
          new VolumeMountBuilder()
              .withName(volumeName)
              .withMountPath(mount.mountPath())
              .withSubPath(
                  mount.subPath() == null || mount.subPath().isEmpty() ? null : mount.subPath())
              .withReadOnly(mount.readOnly())
              .build());
    }
    boolean gpu = spec.resources().gpus() > 0;
    return new PodBuilder()
        .withNewMetadata()
        .withName(ObjectNames.pod(site, spec.key()))
        .withNamespace(namespace)
        .withLabels(ObjectNames.labels(site, spec.key(), spec.generation()))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never") // the reconciler restarts, with its own backoff and record
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withTerminationGracePeriodSeconds(properties.stopGrace().toSeconds())
        .withImagePullSecrets(
            properties.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(nonRoot(properties, spec) ? Boolean.TRUE : null)
                .withRunAsUser(spec.runAsUser() == null ? null : spec.runAsUser().longValue())
                // a fresh claim belongs to root: the kubelet gives it to the storage group, which
                // every pod joins, so whatever user a pod runs as (the template's, or the image's)
                // can write it, and pods sharing a claim share the group
                .withFsGroup(properties.storageGroup())
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withNodeSelector(gpu ? properties.gpu().nodeSelector() : Map.of())
        .withTolerations(gpu ? tolerations(properties.gpu().tolerations()) : List.of())
        .withContainers(container(properties, site, spec, mounts))
        .withVolumes(volumes)
        .endSpec()
        .build();
  }

  private static Container container(
      KubernetesProperties properties, String site, PodSpec spec, List<VolumeMount> mounts) {
    List<ContainerPort> ports = new ArrayList<>();
    Set<Integer> seen = new LinkedHashSet<>();
    for (PortSpec port : spec.ports()) {
      if (seen.add(port.containerPort())) {
        ports.add(
            new ContainerPortBuilder()
                .withContainerPort(port.containerPort())
                .withProtocol("TCP")
                .build());
      }
    }
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(spec.image())
            .withImagePullPolicy("IfNotPresent")
            .withPorts(ports)
            .withVolumeMounts(mounts)
            .withResources(resources(properties, spec.resources()))
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(spec.readOnlyRootFs())
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .withAdd(capabilities(spec.addedCapabilities()))
                    .endCapabilities()
                    .build());
    if (spec.readiness() != null) {
      container.withReadinessProbe(readinessProbe(spec.readiness()));
    }
    if (!spec.env().isEmpty()) {
      container
          .addNewEnvFrom()
          .withNewSecretRef()
          .withName(ObjectNames.envSecret(site, spec.key()))
          .withOptional(false)
          .endSecretRef()
          .endEnvFrom();
    }
    if (spec.entrypoint() != null) {
      container.withCommand(spec.entrypoint());
    }
    if (spec.args() != null) {
      container.withArgs(spec.args());
    }
    return container.build();
  }

  /**
   * The kubelet probes, not Berth: Berth may not route to pod or cluster IPs. Frequent and patient;
   * the reconciler applies the template's timeout itself.
   */
  static Probe readinessProbe(ReadinessSpec readiness) {
    ProbeBuilder probe =
        new ProbeBuilder().withPeriodSeconds(1).withTimeoutSeconds(1).withFailureThreshold(3);
    if (readiness.httpPath() != null) {
      probe
          .withNewHttpGet()
          .withPath(readiness.httpPath())
          .withNewPort(readiness.port())
          .endHttpGet();
    } else {
      probe.withNewTcpSocket().withNewPort(readiness.port()).endTcpSocket();
    }
    return probe.build();
  }

  private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(
      KubernetesProperties properties, ResourceSpec r) {
    ResourceRequirementsBuilder builder =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity(r.cpuRequestMillis() + "m"))
            .addToRequests("memory", new Quantity(r.memRequestMiB() + "Mi"))
            .addToLimits("cpu", new Quantity(r.cpuLimitMillis() + "m"))
            .addToLimits("memory", new Quantity(r.memLimitMiB() + "Mi"));
    if (r.gpus() > 0) {
      // extended resources are requested through limits; the request follows
      builder.addToLimits(properties.gpu().resource(), new Quantity(Integer.toString(r.gpus())));
    }
    return builder.build();
  }

  private static boolean nonRoot(KubernetesProperties properties, PodSpec spec) {
    return properties.requireNonRoot() || (spec.runAsUser() != null && spec.runAsUser() != 0);
  }

  private static List<String> capabilities(Set<String> added) {
    return added.stream()
        .map(c -> c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
        .sorted()
        .toList();
  }

  private static List<Toleration> tolerations(List<KubernetesProperties.Toleration> configured) {
    return configured.stream()
        .map(t ->
            new TolerationBuilder()
                .withKey(t.key())
                .withOperator(t.operator() == null ? "Exists" : t.operator())
                .withValue(t.value())
                .withEffect(t.effect())
                .build())
        .toList();
  }

  private static Map<String, String> scrapeAnnotations(
      KubernetesProperties.Prometheus prometheus, PodSpec spec) {
    if (!prometheus.scrape()) {
      return Map.of();
    }
    return spec.ports().stream()
        .filter(p -> p.name().equals(prometheus.portName()))
        .findFirst()
        .map(p ->
            Map.of(
                "prometheus.io/scrape", "true",
                "prometheus.io/port", Integer.toString(p.containerPort()),
                "prometheus.io/path", prometheus.path()))
        .orElse(Map.of());
  }

  /** Service port names must be DNS labels; networking keys already are. */
  static String portName(PortSpec port) {
    String name = port.name() == null ? "" : port.name().toLowerCase(Locale.ROOT);
    return name.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?") ? name : "p" + port.containerPort();
  }
}
