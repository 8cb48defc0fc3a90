package io.berth.runtime.kubernetes;

import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSpec;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.RuntimeFailure;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Jobs as Pods with restartPolicy Never, observed through their own informer. A Pod the job's name
 * already holds is adopted, whatever its state: a job is never run twice. On Kubernetes a
 * container's log is one stream, so a job's stdout includes what it wrote to stderr.
 */
final class KubernetesJobs {
  private final KubernetesClient client;
  private final ClusterCache cache;
  private final KubernetesProperties properties;
  private final String site;
  private final BiConsumer<String, String> tenantScope;
  private final java.util.Map<JobKey, Object> locks =
      new java.util.concurrent.ConcurrentHashMap<>();

  KubernetesJobs(
      KubernetesClient client,
      ClusterCache cache,
      KubernetesProperties properties,
      String site,
      BiConsumer<String, String> tenantScope) {
    this.client = client;
    this.cache = cache;
    this.properties = properties;
    this.site = site;
    this.tenantScope = tenantScope;
  }

  ObservedJob start(JobSpec spec) {
    synchronized (locks.computeIfAbsent(spec.key(), k -> new Object())) {
      return startOnce(spec);
    }
  }

  private ObservedJob startOnce(JobSpec spec) {
    Pod manifest = JobPods.pod(properties, site, spec);
    String namespace = manifest.getMetadata().getNamespace();
    String name = manifest.getMetadata().getName();
    Pod existing = cache.jobPod(namespace, name);
    if (existing != null) {
      if (ObservedPods.terminating(existing)) {
        throw new RuntimeFailure("job pod " + name + " is being deleted");
      }
      return adopted(spec.key(), existing);
    }
    tenantScope.accept(namespace, spec.key().tenant());
    Set<String> storage = new LinkedHashSet<>();
    for (MountSpec mount : spec.mounts()) {
      if (storage.add(mount.storageId())) {
        SiteObjects.createIfAbsent(() ->
            client
                .resource(ClaimManifests.claim(properties, site, namespace, mount.storageId()))
                .create());
      }
    }
    Pod created;
    try {
      created = client.resource(manifest).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      cache.await(() -> cache.jobPod(namespace, name) != null, properties.cacheWait());
      Pod other = cache.jobPod(namespace, name);
      if (other == null) {
        throw new RuntimeFailure("job pod " + name + " exists but is not seen yet");
      }
      return adopted(spec.key(), other);
    }
    return adopted(
        spec.key(),
        cache.firstVerdict(created, () -> cache.jobPod(namespace, name), properties.startWait()));
  }

  Optional<ObservedJob> observe(JobKey key) {
    Pod pod =
        cache.jobPod(ObjectNames.namespace(properties, key.tenant()), ObjectNames.job(site, key));
    if (pod == null || ObservedPods.terminating(pod)) {
      return Optional.empty();
    }
    return Optional.of(JobPods.observed(key, pod));
  }

  List<ObservedJob> observeAll() {
    List<ObservedJob> result = new ArrayList<>();
    for (Pod pod : cache.jobPods()) {
      Optional<JobKey> key = JobPods.key(pod);
      if (key.isPresent() && !ObservedPods.terminating(pod)) {
        result.add(JobPods.observed(key.get(), pod));
      }
    }
    return result;
  }

  void remove(JobKey key) {
    String namespace = ObjectNames.namespace(properties, key.tenant());
    String name = ObjectNames.job(site, key);
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .withGracePeriod(properties.stopGrace().toSeconds())
        .delete();
    cache.await(
        () -> {
          Pod pod = cache.jobPod(namespace, name);
          return pod == null || ObservedPods.terminating(pod);
        },
        properties.cacheWait());
  }

  String log(JobKey key, int maxBytes) {
    String log = fullLog(key);
    return log.length() > maxBytes ? log.substring(log.length() - maxBytes) : log;
  }

  byte[] stdout(JobKey key, int maxBytes) {
    byte[] bytes = fullLog(key).getBytes(StandardCharsets.UTF_8);
    return bytes.length > maxBytes + 1 ? java.util.Arrays.copyOf(bytes, maxBytes + 1) : bytes;
  }

  private String fullLog(JobKey key) {
    String namespace = ObjectNames.namespace(properties, key.tenant());
    String name = ObjectNames.job(site, key);
    try {
      String log =
          client
              .pods()
              .inNamespace(namespace)
              .withName(name)
              .inContainer(PodManifests.CONTAINER)
              .getLog();
      return log == null ? "" : log;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST
          || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return ""; // not started yet, or gone
      }
      throw e;
    }
  }

  private static ObservedJob adopted(JobKey key, Pod pod) {
    Optional<String> imageFailure = ObservedPods.imageFailure(pod);
    if (imageFailure.isPresent()) {
      throw new ImageNotFoundException(imageFailure.get());
    }
    return JobPods.observed(key, pod);
  }
}
