package io.berth.runtime.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.berth.runtime.MountSpec;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The container a {@link PodSpec} becomes, as a pure function: limits, least privilege, its own
 * network and user namespace, ports on loopback with an engine-chosen host port, bind mounts of the
 * directories the storage gave. No I/O here.
 */
public final class ContainerSpecBuilder {
  private static final long MIB = 1024L * 1024L;

  private ContainerSpecBuilder() {}

  /** The pod's labels, and the shared network it joins, so the sweep sees that in use. */
  private static Map<String, String> labels(String site, PodSpec spec, Isolation isolation) {
    Map<String, String> labels =
        new java.util.HashMap<>(ContainerNames.labels(site, spec.key(), spec.generation()));
    String own = ContainerNames.name(site, spec.key());
    if (isolation.network() != null && !isolation.network().equals(own)) {
      labels.put(PodNetworks.POD_NETWORK, isolation.network());
    }
    return Map.copyOf(labels);
  }

  /** What the create call needs, in docker-java's types. */
  public record ContainerSpec(
      String name,
      String image,
      String entrypoint,
      List<String> args,
      List<String> env,
      Map<String, String> labels,
      List<ExposedPort> exposedPorts,
      HostConfig hostConfig,
      String user,
      List<Path> directories) {}

  /**
   * Where the pod is kept apart: its own network (null: the engine's default), the compat API's
   * user namespace mode (null: the engine's), and the storage group it joins (null: none).
   */
  public record Isolation(String network, String usernsMode, Integer storageGroup) {}

  /**
   * @param sources the host directory each mount comes from (resolved and pinned by the storage)
   */
  public static ContainerSpec build(
      String site,
      PodSpec spec,
      Function<MountSpec, Path> sources,
      boolean init,
      Isolation isolation) {
    List<String> env = new ArrayList<>();
    spec.env().forEach((k, v) -> env.add(k + "=" + v));
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (PortSpec port : spec.ports()) {
      ExposedPort p = ExposedPort.tcp(port.containerPort());
      if (!exposed.contains(p)) {
        exposed.add(p);
        // loopback only, host port chosen by the engine: the proxy is the way in from outside
        bindings.bind(p, Ports.Binding.bindIp("127.0.0.1"));
      }
    }
    List<Bind> binds = new ArrayList<>();
    List<Path> directories = new ArrayList<>();
    for (MountSpec mount : spec.mounts()) {
      Path host = sources.apply(mount);
      directories.add(host);
      binds.add(
          new Bind(
              host.toString(),
              new Volume(mount.mountPath()),
              mount.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    Capability[] added =
        spec.addedCapabilities().stream()
            .map(c -> Capability.valueOf(c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")))
            .toArray(Capability[]::new);
    HostConfig host =
        HostConfig.newHostConfig()
            .withPortBindings(bindings)
            .withBinds(binds)
            .withMemory(spec.resources().memLimitMiB() * MIB)
            .withMemoryReservation(spec.resources().memRequestMiB() * MIB)
            .withNanoCPUs(spec.resources().cpuLimitMillis() * 1_000_000L)
            .withPidsLimit(512L)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withCapDrop(Capability.ALL)
            .withCapAdd(added)
            .withReadonlyRootfs(spec.readOnlyRootFs())
            .withRestartPolicy(RestartPolicy.noRestart())
            .withInit(init);
    if (isolation.network() != null) {
      host.withNetworkMode(isolation.network());
    }
    if (isolation.usernsMode() != null) {
      host.withUsernsMode(isolation.usernsMode());
    }
    if (isolation.storageGroup() != null) {
      // the group that owns pods' storage, as Kubernetes' fsGroup: whatever user the pod runs as
      host.withGroupAdd(List.of(isolation.storageGroup().toString()));
    }
    return new ContainerSpec(
        ContainerNames.name(site, spec.key()),
        spec.image(),
        spec.entrypoint(),
        spec.args(),
        env,
        labels(site, spec, isolation),
        exposed,
        host,
        spec.runAsUser() == null ? null : spec.runAsUser().toString(),
        directories);
  }
}
