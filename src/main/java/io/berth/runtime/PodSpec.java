package io.berth.runtime;

import java.util.ArrayList;
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
    ReadinessSpec readiness,
    List<String> arguments,
    String owner) {

  public PodSpec {
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
  }

  /**
   * The entrypoint replacing the image's: the command's first item (a pod's command replaces the
   * image's entrypoint and command, as Kubernetes' command does); null keeps the image's.
   */
  public String entrypoint() {
    return command.isEmpty() ? null : command.get(0);
  }

  /**
   * What the entrypoint is given: the rest of the command, then the arguments (Tapis's {@code
   * arguments}, given to the image's own entrypoint when there is no command); null keeps the
   * image's.
   */
  public List<String> args() {
    if (command.isEmpty() && arguments.isEmpty()) {
      return null;
    }
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : command.subList(1, command.size()));
    args.addAll(arguments);
    return List.copyOf(args);
  }
}
