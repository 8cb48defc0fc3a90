package io.berth.pods;

import io.berth.templates.Resources;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Site rules for pods: default and maximum resources (Tapis's defaults), the default lifetime, and
 * the compute queues: named resource profiles a pod picks with {@code compute_queue}. A queue's
 * unset defaults and bounds are the site's; the queue {@code default} always exists.
 */
@ConfigurationProperties("berth.pods")
public record PodsProperties(
    Integer defaultTimeToStop,
    Resources defaultResources,
    Resources maxResources,
    Map<String, ComputeQueue> computeQueues) {

  public PodsProperties {
    defaultTimeToStop = defaultTimeToStop == null ? 43200 : defaultTimeToStop;
    defaultResources =
        orEmpty(defaultResources).withDefaultsFrom(new Resources(250, 2000, 256, 3072, 0));
    maxResources =
        orEmpty(maxResources).withDefaultsFrom(new Resources(6000, 6000, 12288, 12288, 0));
    Map<String, ComputeQueue> queues = new LinkedHashMap<>();
    queues.put(PodDefinition.DEFAULT_QUEUE, new ComputeQueue(null, null));
    if (computeQueues != null) {
      queues.putAll(computeQueues);
    }
    Map<String, ComputeQueue> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, ComputeQueue> e : queues.entrySet()) {
      ComputeQueue q = e.getValue() == null ? new ComputeQueue(null, null) : e.getValue();
      resolved.put(
          e.getKey(),
          new ComputeQueue(
              orEmpty(q.defaultResources()).withDefaultsFrom(defaultResources),
              orEmpty(q.maxResources()).withDefaultsFrom(maxResources)));
    }
    computeQueues = Map.copyOf(resolved);
  }

  /** A named resource profile: what a pod gets when it does not say, and the most it may ask. */
  public record ComputeQueue(Resources defaultResources, Resources maxResources) {}

  private static Resources orEmpty(Resources r) {
    return r == null ? new Resources(null, null, null, null, null) : r;
  }
}
