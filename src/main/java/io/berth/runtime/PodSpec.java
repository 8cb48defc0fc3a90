package io.berth.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;

public record PodSpec(
    PodKey key,
    long generation,
    String image,
    List<String> command,
    Map<String, String> env,
    List<PortSpec> ports,
    ResourceSpec resources,
    List<MountSpec> mounts,
    Set<String> addedCapabilities,
    Integer runAsUser,
    boolean readOnlyRootFs,
    ReadinessSpec readiness) {

  /** A pod whose readiness nobody defined (none of its ports is probed by the engine). */
  public PodSpec(
      PodKey key,
      long generation,
      String image,
      List<String> command,
      Map<String, String> env,
      List<PortSpec> ports,
      ResourceSpec resources,
      List<MountSpec> mounts,
      Set<String> addedCapabilities,
      Integer runAsUser,
      boolean readOnlyRootFs) {
    this(
        key,
        generation,
        image,
        command,
        env,
        ports,
        resources,
        mounts,
        addedCapabilities,
        runAsUser,
        readOnlyRootFs,
        null);
  }
}
