package io.berth.runtime.kubernetes;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ExecResult;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.RuntimeFailure;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The runtime port on Kubernetes, with the fabric8 client. Reads come from {@link ClusterCache}
 * (informers: no API call per pod per pass); writes go to the API server and wait until the cache
 * shows them. Names are deterministic, so the API server itself refuses a second pod per key; a pod
 * of another generation is deleted, and its name awaited free, before the new one is made.
 */
public class KubernetesRuntime implements ContainerRuntime, AutoCloseable {
  private final KubernetesClient client;
  private final ClusterCache cache;
  private final KubernetesProperties properties;
  private final String site;
  private final Map<PodKey, Object> locks = new ConcurrentHashMap<>();
  private final PodObjects objects;
  private final KubernetesJobs jobs;
  private final PodCommands commands;

  public KubernetesRuntime(KubernetesClient client, KubernetesProperties properties, String site) {
    this.client = client;
    this.properties = properties;
    this.site = site;
    this.cache = new ClusterCache(client, properties, site);
    this.objects = new PodObjects(client, cache, properties, site);
    this.commands = new PodCommands(client, properties, site);
    this.jobs = new KubernetesJobs(client, cache, properties, site, objects::tenantScope);
  }

  /** Starts the informers; observing answers "engine unavailable" until their first list. */
  public KubernetesRuntime start() {
    cache.start();
    return this;
  }

  /** Waits up to {@code timeout} for the informers' first list (tests and the benchmark). */
  public boolean awaitSynced(Duration timeout) {
    return cache.awaitSynced(timeout);
  }

  @Override
  public ObservedPod apply(PodSpec spec) {
    synced();
    PodManifests.Manifests manifests = PodManifests.build(properties, site, spec);
    String namespace = manifests.pod().getMetadata().getNamespace();
    String name = manifests.pod().getMetadata().getName();
    synchronized (locks.computeIfAbsent(spec.key(), k -> new Object())) {
      return call(() -> {
        Pod existing = cache.pod(namespace, name);
        if (existing != null && !ObservedPods.terminating(existing)) {
          if (ObservedPods.generation(existing) == spec.generation()) {
            return adopted(spec.key(), existing);
          }
        }
        if (existing != null) {
          deletePod(namespace, name);
          if (!cache.await(
              () -> cache.pod(namespace, name) == null,
              properties.stopGrace().plus(properties.cacheWait()))) {
            throw new RuntimeFailure("the previous pod " + name + " is still stopping");
          }
        }
        objects.prepare(namespace, spec, manifests);
        Pod created;
        try {
          created = client.resource(manifests.pod()).create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw e;
          }
          // another process made it meanwhile: adopt it when the cache shows it
          cache.await(() -> cache.pod(namespace, name) != null, properties.cacheWait());
          Pod other = cache.pod(namespace, name);
          if (other == null || ObservedPods.generation(other) != spec.generation()) {
            throw new RuntimeFailure("pod " + name + " was made concurrently with another spec");
          }
          return adopted(spec.key(), other);
        }
        return adopted(
            spec.key(),
            cache.firstVerdict(created, () -> cache.pod(namespace, name), properties.startWait()));
      });
    }
  }

  @Override
  public Optional<ObservedPod> observe(PodKey key) {
    synced();
    String namespace = ObjectNames.namespace(properties, key.tenant());
    String name = ObjectNames.pod(site, key);
    Pod pod = cache.pod(namespace, name);
    if (pod == null || ObservedPods.terminating(pod)) {
      return Optional.empty();
    }
    return Optional.of(ObservedPods.observed(key, pod, cache.service(namespace, name)));
  }

  @Override
  public List<ObservedPod> observeAll() {
    synced();
    List<ObservedPod> result = new ArrayList<>();
    for (Pod pod : cache.pods()) {
      Optional<PodKey> key = ObservedPods.key(pod);
      if (key.isEmpty() || ObservedPods.terminating(pod)) {
        continue;
      }
      Service service =
          cache.service(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      result.add(ObservedPods.observed(key.get(), pod, service));
    }
    return result;
  }

  @Override
  public void remove(PodKey key) {
    String namespace = ObjectNames.namespace(properties, key.tenant());
    String name = ObjectNames.pod(site, key);
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      call(() -> {
        deletePod(namespace, name);
        client.services().inNamespace(namespace).withName(name).delete();
        client.secrets().inNamespace(namespace).withName(ObjectNames.envSecret(site, key)).delete();
        if (properties.ingress().enabled()) {
          client
              .network()
              .v1()
              .ingresses()
              .inNamespace(ingressNamespace(namespace))
              .withName(name)
              .delete();
        }
        cache.await(
            () -> {
              Pod pod = cache.pod(namespace, name);
              return pod == null || ObservedPods.terminating(pod);
            },
            properties.cacheWait());
        return null;
      });
    }
  }

  @Override
  public OutputChunk readOutput(ObservedPod container, OutputCursor from) {
    String namespace = ObjectNames.namespace(properties, container.key().tenant());
    String name = ObjectNames.pod(site, container.key());
    Pod pod = cache.synced() ? cache.pod(namespace, name) : null;
    if (pod == null || !started(pod)) {
      return new OutputChunk("", from, 0); // gone, or no log yet
    }
    return call(() -> {
      try {
        return FollowedLog.read(client, namespace, name, from);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST
            || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return new OutputChunk("", from, 0); // not started yet, or gone meanwhile
        }
        throw e;
      }
    });
  }

  @Override
  public OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink) {
    String namespace = ObjectNames.namespace(properties, container.key().tenant());
    String name = ObjectNames.pod(site, container.key());
    Pod pod = cache.synced() ? cache.pod(namespace, name) : null;
    if (pod == null || !started(pod)) {
      // gone: nothing more to read; not started: the kubelet has no log yet, ask again later
      sink.ended(pod == null ? null : new RuntimeFailure("the container has not started yet"));
      return () -> {};
    }
    return call(() -> FollowedLog.follow(client, namespace, name, from, sink));
  }

  /** From the cache, as observing: the kubelet probed the pod's readiness port. */
  @Override
  public Optional<Boolean> engineReadiness(PodKey key) {
    synced();
    Pod pod =
        cache.pod(ObjectNames.namespace(properties, key.tenant()), ObjectNames.pod(site, key));
    return Optional.of(pod != null && !ObservedPods.terminating(pod) && ObservedPods.ready(pod));
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public ObservedJob startJob(JobSpec spec) {
    synced();
    return call(() -> jobs.start(spec));
  }

  @Override
  public Optional<ObservedJob> observeJob(JobKey key) {
    synced();
    return jobs.observe(key);
  }

  @Override
  public List<ObservedJob> observeJobs() {
    synced();
    return jobs.observeAll();
  }

  @Override
  public void removeJob(JobKey key) {
    call(() -> {
      jobs.remove(key);
      return null;
    });
  }

  @Override
  public String jobLog(JobKey key, int maxBytes) {
    return call(() -> jobs.log(key, maxBytes));
  }

  @Override
  public byte[] jobStdout(JobKey key, int maxBytes) {
    return call(() -> jobs.stdout(key, maxBytes));
  }

  @Override
  public void close() {
    cache.close();
  }

  private ObservedPod adopted(PodKey key, Pod pod) {
    Optional<String> imageFailure = ObservedPods.imageFailure(pod);
    if (imageFailure.isPresent()) {
      throw new ImageNotFoundException(imageFailure.get());
    }
    Service service = cache.service(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    return ObservedPods.observed(key, pod, service);
  }

  private void deletePod(String namespace, String name) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .withGracePeriod(properties.stopGrace().toSeconds())
        .delete();
  }

  private String ingressNamespace(String podNamespace) {
    return properties.ingress().proxyService().isEmpty()
        ? podNamespace
        : properties.controlNamespace();
  }

  private static boolean started(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return false;
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (s.getState() != null
          && (s.getState().getRunning() != null || s.getState().getTerminated() != null)) {
        return true;
      }
    }
    return false;
  }

  private void synced() {
    if (!cache.synced()) {
      throw new EngineUnavailableException(
          "the Kubernetes API at " + client.getMasterUrl() + " has not been listed yet");
    }
  }

  /** Maps client failures to the port's exceptions: no fabric8 type leaks out. */
  private <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (EngineUnavailableException | ImageNotFoundException | RuntimeFailure e) {
      throw e;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 0 || causedByIo(e)) {
        throw new EngineUnavailableException(
            "the Kubernetes API did not answer: " + e.getMessage());
      }
      String reason =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      throw new RuntimeFailure("Kubernetes refused (" + e.getCode() + "): " + reason);
    }
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** For tests: the duration a write may wait for its own result in the cache. */
  Duration cacheWait() {
    return properties.cacheWait();
  }

  @Override
  public ExecResult exec(PodKey key, List<String> command, Duration timeout, int maxOutputBytes) {
    return commands.exec(key, command, timeout, maxOutputBytes);
  }

  @Override
  public void upload(PodKey key, String path, InputStream content, long size) {
    commands.upload(key, path, content, size);
  }
}
