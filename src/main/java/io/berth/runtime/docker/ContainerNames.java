package io.berth.runtime.docker;

import io.berth.runtime.PodKey;
import java.util.Locale;
import java.util.Map;

/**
 * Deterministic container names and labels: the same pod always maps to the same name, so a create
 * repeated after a crash finds what the first one made.
 */
public final class ContainerNames {
  public static final String SITE = "io.berth.site";
  public static final String TENANT = "io.berth.tenant";
  public static final String POD = "io.berth.pod";
  public static final String GENERATION = "io.berth.generation";
  public static final String MANAGED = "io.berth.managed";

  private ContainerNames() {}

  public static String name(String site, PodKey key) {
    return "berth-" + clean(site) + "-" + clean(key.tenant()) + "-" + clean(key.podId());
  }

  public static Map<String, String> labels(String site, PodKey key, long generation) {
    return Map.of(
        SITE, site,
        TENANT, key.tenant(),
        POD, key.podId(),
        GENERATION, Long.toString(generation),
        MANAGED, "true");
  }

  private static String clean(String part) {
    return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
  }
}
