package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Berth's pods and services of one site as the API server last told them: two shared informers (one
 * list, then one watch each), so observing costs no API call however many pods there are. Writers
 * wait here until their own write shows, so a read right after a write sees it.
 */
public class ClusterCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterCache.class);

  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<Pod> jobs;
  private final Object changed = new Object();
  private volatile CompletableFuture<Void> firstList = new CompletableFuture<>();

  public ClusterCache(KubernetesClient client, KubernetesProperties properties, String site) {
    Map<String, String> selector = ObjectNames.siteSelector(site);
    // one namespace per tenant needs the cluster-wide view (and a ClusterRole to read it)
    boolean all = properties.namespacePerTenant();
    String namespace = properties.namespace();
    this.pods =
        (all ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace))
            .withLabels(selector)
            .runnableInformer(0);
    this.services =
        (all ? client.services().inAnyNamespace() : client.services().inNamespace(namespace))
            .withLabels(selector)
            .runnableInformer(0);
    this.jobs =
        (all ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace))
            .withLabels(ObjectNames.jobSelector(site))
            .runnableInformer(0);
    for (SharedIndexInformer<? extends HasMetadata> informer : List.of(pods, services, jobs)) {
      informer.addEventHandler(new Notifier<>());
      // keep retrying after API errors: an unreachable API server must not stop observing for good
      informer.exceptionHandler((started, t) -> {
        log.debug("Kubernetes informer error, retrying: {}", t.getMessage());
        return true;
      });
    }
  }

  /** Starts listing and watching; returns at once (observe reports "not ready" until synced). */
  public void start() {
    firstList =
        CompletableFuture.allOf(
            pods.start().toCompletableFuture(),
            services.start().toCompletableFuture(),
            jobs.start().toCompletableFuture());
  }

  /**
   * Waits for the informers' first list. Not through {@link #await}: an empty list raises no event
   * that would wake it.
   */
  public boolean awaitSynced(Duration timeout) {
    try {
      firstList.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return synced();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  public boolean synced() {
    return pods.hasSynced() && services.hasSynced() && jobs.hasSynced();
  }

  public Pod pod(String namespace, String name) {
    return pods.getStore().getByKey(namespace + "/" + name);
  }

  public Service service(String namespace, String name) {
    return services.getStore().getByKey(namespace + "/" + name);
  }

  public List<Pod> pods() {
    return pods.getStore().list();
  }

  /** A job's Pod (jobs are watched apart from pods). */
  public Pod jobPod(String namespace, String name) {
    return jobs.getStore().getByKey(namespace + "/" + name);
  }

  public List<Pod> jobPods() {
    return jobs.getStore().list();
  }

  /**
   * The pod just {@code created}, as the cache ({@code cached}) shows it once it has a first
   * verdict (running, exited, image missing), which saves the reconciler a round; after {@code
   * timeout} as last seen, else as created.
   */
  public Pod firstVerdict(Pod created, Supplier<Pod> cached, Duration timeout) {
    String uid = created.getMetadata().getUid();
    await(
        () -> {
          Pod seen = cached.get();
          return seen != null
              && Objects.equals(uid, seen.getMetadata().getUid())
              && ObservedPods.decided(seen);
        },
        timeout);
    Pod seen = cached.get();
    return seen != null ? seen : created;
  }

  /**
   * Waits until {@code condition} holds for the cache, up to {@code timeout}; returns whether it
   * did.
   */
  public boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          changed.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public void close() {
    pods.close();
    services.close();
    jobs.close();
  }

  private final class Notifier<T> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      wake();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      wake();
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      wake();
    }

    private void wake() {
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }
}
