package io.berth.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container that runs to completion, as an OGC API - Processes job: the same least privilege,
 * limits and storage as a pod, no ports. {@code command} replaces the image's entrypoint when not
 * empty; {@code args} replace the image's command when not empty (Kubernetes' command and args).
 * {@code owner}, the user who submitted it, lets an engine put one user's jobs on a network they
 * share (and no one else's); without one a job gets a network of its own. Without {@code
 * networkAccess} the job has no network at all (only loopback), whatever its owner.
 */
public record JobSpec(
    JobKey key,
    String image,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    ResourceSpec resources,
    List<MountSpec> mounts,
    String workingDir,
    Integer runAsUser,
    String owner,
    boolean networkAccess) {

  public JobSpec {
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
  }

  /** The same container as a pod spec, for the adapters' pure builders (which know pods). */
  public PodSpec asPod() {
    return new PodSpec(
        new PodKey(key.tenant(), key.jobId()),
        0,
        image,
        command,
        env,
        List.of(),
        resources,
        mounts,
        Set.of(),
        runAsUser,
        false,
        null,
        List.of(),
        null);
  }
}
