package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.berth.runtime.ImageNotFoundException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The engine calls the Docker adapter builds on, each tolerant of the races and quirks seen on
 * Docker and Podman: create (pulling a missing image, dropping the writable layer's size limit
 * where the engine refuses it), start, remove and inspect, by container name or id.
 */
final class EngineContainers {
  private final EngineConnection engine;
  private final WritableLayers layers;

  EngineContainers(EngineConnection engine, WritableLayers layers) {
    this.engine = engine;
    this.layers = layers;
  }

  String create(ContainerSpecBuilder.ContainerSpec c) {
    try {
      return createLimited(c);
    } catch (NotFoundException e) {
      pull(c.image());
      return createLimited(c);
    }
  }

  /** Creates with the writable layer's size limit, or without once the engine refused it. */
  private String createLimited(ContainerSpecBuilder.ContainerSpec c) {
    try {
      return createCmd(c).exec().getId();
    } catch (DockerException e) {
      if (e instanceof NotFoundException || !layers.refusedBy(e.getMessage())) {
        throw e;
      }
      return createCmd(c).exec().getId();
    }
  }

  private CreateContainerCmd createCmd(ContainerSpecBuilder.ContainerSpec c) {
    CreateContainerCmd cmd =
        docker()
            .createContainerCmd(c.image())
            .withName(c.name())
            .withEnv(c.env())
            .withLabels(c.labels())
            .withExposedPorts(c.exposedPorts())
            .withHostConfig(c.hostConfig().withStorageOpt(layers.options()));
    if (c.entrypoint() != null) {
      cmd.withEntrypoint(c.entrypoint());
    }
    if (c.args() != null) {
      cmd.withCmd(c.args());
    }
    if (c.user() != null) {
      cmd.withUser(c.user());
    }
    return cmd;
  }

  void pull(String image) {
    if (image.equals(HelloImage.NAME)) {
      HelloImage.ensure(
          docker()); // no registry has it: made here, where a missing image is resolved
      if (imageExists(image)) {
        return;
      }
    }
    PullProgress progress = new PullProgress();
    try {
      docker().pullImageCmd(image).exec(progress).awaitCompletion(120, TimeUnit.SECONDS);
    } catch (DockerException e) {
      throw new ImageNotFoundException(
          "image "
              + image
              + " is not on this host and could not be pulled: "
              + EngineErrors.reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageNotFoundException("interrupted while pulling image " + image);
    } catch (RuntimeException e) {
      throw new ImageNotFoundException(
          "image " + image + " is not on this host and could not be pulled: " + e.getMessage());
    }
    if (!imageExists(image)) {
      throw new ImageNotFoundException(
          "image "
              + image
              + " could not be pulled"
              + (progress.error() == null ? "" : ": " + progress.error()));
    }
  }

  private boolean imageExists(String image) {
    try {
      docker().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  void start(String id) {
    try {
      docker().startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already started by a concurrent call
    } catch (DockerException e) {
      // Podman answers a start racing another start with "container state improper"
      if (!String.valueOf(e.getMessage()).contains("state improper")) {
        throw e;
      }
    }
  }

  /** By id or name. */
  void removeNow(String id) {
    try {
      removeUnlisted(id);
    } catch (DockerException e) {
      // Podman 4.3 may fail to unlink the shm directory of a container that ran in a user
      // namespace (EBUSY, fixed in Podman 4.4) after it has removed the container: gone is gone
      if (inspect(id).isPresent()) {
        throw e;
      }
    }
  }

  /** Also a name Podman only holds in its storage (a create cut short): no inspect finds it. */
  void removeUnlisted(String id) {
    try {
      docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      // removal already in progress
    }
  }

  Optional<InspectContainerResponse> inspect(String name) {
    try {
      return Optional.of(docker().inspectContainerCmd(name).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private DockerClient docker() {
    return engine.client();
  }
}
