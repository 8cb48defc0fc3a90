package io.berth.runtime.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Kubernetes adapter's settings ({@code berth.kubernetes.*}, variables {@code
 * BERTH_KUBERNETES_*}). Every field has a default, so only what a site differs in is set.
 *
 * @param apiUrl the API server; empty means the in-cluster service account or ~/.kube/config
 * @param namespace where pods live, or the prefix of tenants' namespaces
 * @param namespacePerTenant one namespace per tenant ({@code <namespace>-<tenant>}), made on demand
 * @param storageClass class of pods' own data claims (ReadWriteOnce); empty is the cluster default
 * @param sharedStorageClass class of volume and snapshot claims (ReadWriteMany)
 * @param snapshotClass VolumeSnapshotClass for snapshots; empty means copy through a helper pod
 * @param dataSize requested size of a pod's data claim
 * @param volumeSize requested size of a volume or snapshot claim
 * @param imagePullSecrets secrets (in the pods' namespace) for private registries
 * @param stopGrace time between SIGTERM and SIGKILL when a pod is removed
 * @param startWait how long apply waits for the first verdict (running, image missing, ...)
 * @param cacheWait how long a write waits for the informers to see it
 * @param requireNonRoot refuse root in every pod, not only where the template names a user
 * @param controlNamespace where Berth itself runs (its proxy service, its own pods)
 * @param helperImage image of the helper pods that reach claims' files ({@code sh}, {@code tar},
 *     {@code find}, {@code stat}, {@code head}, {@code cp}, {@code awk}: busybox has them all)
 * @param helperIdle how long an idle helper is kept for the next operation on the same storage
 * @param helperStartWait how long an operation waits for its helper to run (claims may be bound on
 *     first use, and a snapshot's claim restored, meanwhile)
 * @param usageCache how long a claim's measured size is reused (each measure runs a helper)
 * @param storageGroup the {@code fsGroup} of every pod: claims belong to this group, writable by it
 *     whatever user the pod runs as (pods sharing a claim share the group)
 */
@ConfigurationProperties("berth.kubernetes")
public record KubernetesProperties(
    String apiUrl,
    String namespace,
    Boolean namespacePerTenant,
    String storageClass,
    String sharedStorageClass,
    String snapshotClass,
    String dataSize,
    String volumeSize,
    List<String> imagePullSecrets,
    Duration stopGrace,
    Duration startWait,
    Duration cacheWait,
    Boolean requireNonRoot,
    String controlNamespace,
    String helperImage,
    Duration helperIdle,
    Duration helperStartWait,
    Duration usageCache,
    Gpu gpu,
    Prometheus prometheus,
    Ingress ingress,
    NetworkPolicy networkPolicy,
    Long storageGroup) {

  public KubernetesProperties {
    apiUrl = blankToNull(apiUrl);
    namespace = namespace == null || namespace.isBlank() ? "berth-pods" : namespace;
    namespacePerTenant = Boolean.TRUE.equals(namespacePerTenant);
    storageClass = blankToNull(storageClass);
    sharedStorageClass = blankToNull(sharedStorageClass);
    snapshotClass = blankToNull(snapshotClass);
    dataSize = dataSize == null || dataSize.isBlank() ? "10Gi" : dataSize;
    volumeSize = volumeSize == null || volumeSize.isBlank() ? "10Gi" : volumeSize;
    imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
    stopGrace = stopGrace == null ? Duration.ofSeconds(10) : stopGrace;
    startWait = startWait == null ? Duration.ofSeconds(5) : startWait;
    cacheWait = cacheWait == null ? Duration.ofSeconds(5) : cacheWait;
    requireNonRoot = Boolean.TRUE.equals(requireNonRoot);
    controlNamespace =
        controlNamespace == null || controlNamespace.isBlank() ? "berth" : controlNamespace;
    helperImage = helperImage == null || helperImage.isBlank() ? "busybox:1.36" : helperImage;
    helperIdle = helperIdle == null ? Duration.ofSeconds(10) : helperIdle;
    helperStartWait = helperStartWait == null ? Duration.ofMinutes(2) : helperStartWait;
    usageCache = usageCache == null ? Duration.ofSeconds(30) : usageCache;
    gpu = gpu == null ? new Gpu(null, null, null) : gpu;
    prometheus = prometheus == null ? new Prometheus(null, null, null) : prometheus;
    ingress = ingress == null ? new Ingress(null, null, null, null, null, null) : ingress;
    networkPolicy = networkPolicy == null ? new NetworkPolicy(null, null) : networkPolicy;
    storageGroup = storageGroup == null ? 100L : storageGroup;
  }

  /** The defaults alone: a site namespace {@code berth-pods}, no GPUs, no ingress. */
  public static KubernetesProperties defaults() {
    return new KubernetesProperties(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  /** Where GPU pods go: the extended resource and the nodes that have it. */
  public record Gpu(
      String resource, Map<String, String> nodeSelector, List<Toleration> tolerations) {
    public Gpu {
      resource = resource == null || resource.isBlank() ? "nvidia.com/gpu" : resource;
      nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
      tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }
  }

  public record Toleration(String key, String operator, String value, String effect) {}

  /**
   * Opt-in scraping: when {@code scrape} is on, a pod with a networking entry named {@code
   * portName} gets the {@code prometheus.io/*} annotations for that port.
   */
  public record Prometheus(Boolean scrape, String portName, String path) {
    public Prometheus {
      scrape = Boolean.TRUE.equals(scrape);
      portName = portName == null || portName.isBlank() ? "metrics" : portName;
      path = path == null || path.isBlank() ? "/metrics" : path;
    }
  }

  /**
   * Optional Ingress objects, one per pod, with a host per http entry as the proxy names it (from
   * the pod's spec, so the Ingress and the proxy never disagree). They point at Berth's proxy
   * service (which enforces tapis_auth), or straight at the pod's service when {@code proxyService}
   * is empty.
   */
  public record Ingress(
      Boolean enabled,
      String className,
      String tlsSecret,
      String clusterIssuer,
      String proxyService,
      Integer proxyPort) {
    public Ingress {
      enabled = Boolean.TRUE.equals(enabled);
      className = blankToNull(className);
      tlsSecret = blankToNull(tlsSecret);
      clusterIssuer = blankToNull(clusterIssuer);
      proxyService = proxyService == null ? "berth-proxy" : proxyService.strip();
      proxyPort = proxyPort == null ? 8081 : proxyPort;
    }
  }

  /**
   * Tenant isolation. A tenant's pods accept traffic from the same tenant's pods, from Berth's own
   * pods in the control namespace, and from the namespaces in {@code ingressNamespaces} (the
   * ingress controller or Traefik).
   */
  public record NetworkPolicy(Boolean enabled, List<String> ingressNamespaces) {
    public NetworkPolicy {
      enabled = enabled == null || enabled;
      ingressNamespaces = ingressNamespaces == null ? List.of() : List.copyOf(ingressNamespaces);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
