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
    boolean readOnlyRootFs) {}
