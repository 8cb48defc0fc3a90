package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import io.berth.runtime.JobSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine's create command for a job's container: the container spec built as a pod's, the job's
 * labels (its shared network, or none at all), its command, arguments and working directory, and a
 * read-only root.
 */
final class JobCreateCommands {
  private JobCreateCommands() {}

  static CreateContainerCmd of(
      DockerClient docker,
      String site,
      JobSpec spec,
      ContainerSpecBuilder.ContainerSpec c,
      String name,
      String sharedNetwork) {
    Map<String, String> labels = new HashMap<>(JobContainers.labels(site, spec.key()));
    if (sharedNetwork != null) {
      labels.put(PodNetworks.JOBS_NETWORK, sharedNetwork);
    }
    if (!spec.networkAccess()) {
      labels.put(JobContainers.OFFLINE, "true");
    }
    CreateContainerCmd cmd =
        docker
            .createContainerCmd(c.image())
            .withName(name)
            .withEnv(c.env())
            .withLabels(labels)
            .withHostConfig(readOnly(c.hostConfig(), spec));
    if (!spec.command().isEmpty()) {
      cmd.withEntrypoint(spec.command());
    }
    if (!spec.args().isEmpty()) {
      cmd.withCmd(spec.args());
    }
    if (spec.workingDir() != null) {
      cmd.withWorkingDir(spec.workingDir());
    }
    if (c.user() != null) {
      cmd.withUser(c.user());
    }
    return cmd;
  }

  /**
   * A job writes only its outputs and {@code /tmp}: an in-memory one, as large as its memory limit
   * (which its use counts against), so a job cannot fill the engine's disk through its layer.
   */
  static HostConfig readOnly(HostConfig host, JobSpec spec) {
    return host.withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + spec.resources().memLimitMiB() + "m"));
  }
}
