package io.berth.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The host directories an engine on this machine bind-mounts for a container's storages: the local
 * storage's side of the Docker/Podman adapter. A {@code sub_path} is resolved without following
 * links, so a pod that made one a symbolic link cannot have another pod mount a host directory.
 */
public interface MountSources {
  /**
   * Makes the storages (and missing sub_path directories) and returns where each mount comes from,
   * valid until closed: close it once the container has started with them.
   *
   * @throws RuntimeFailure when a sub_path is a link or not a directory
   */
  Prepared prepare(String container, List<MountSpec> mounts);

  /** Host directories for the mounts of one container start. */
  interface Prepared extends AutoCloseable {
    Path source(MountSpec mount);

    /**
     * The data directory of the mount's storage (the whole tree a sub_path is in), made by Berth:
     * no part of its path is a pod's to change.
     */
    Path data(MountSpec mount);

    @Override
    void close();
  }
}
