package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.berth.runtime.BoundedText;
import io.berth.runtime.ContainerNotRunningException;
import io.berth.runtime.ContainerPathException;
import io.berth.runtime.ExecResult;
import io.berth.runtime.PodKey;
import io.berth.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Commands and files into a pod's running container over the Engine API: {@code exec} (create,
 * start attached, inspect for the exit code) and {@code PUT /containers/{id}/archive}, fed a tar
 * stream made as the upload is read (the engine unpacks it inside the container's filesystem, so a
 * path is never resolved on the host).
 */
final class ContainerCommands {
  private static final int PIPE_BYTES = 1024 * 1024;

  private final Supplier<DockerClient> client;
  private final Supplier<DockerClient> streams;
  private final String site;

  ContainerCommands(Supplier<DockerClient> client, Supplier<DockerClient> streams, String site) {
    this.client = client;
    this.streams = streams;
    this.site = site;
  }

  ExecResult exec(PodKey key, List<String> command, Duration timeout, int maxOutputBytes) {
    String container = running(key);
    String execId;
    try {
      execId =
          client
              .get()
              .execCreateCmd(container)
              .withCmd(command.toArray(String[]::new))
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
    } catch (NotFoundException | ConflictException e) {
      throw new ContainerNotRunningException(key); // ended or removed since it was inspected
    }
    Output output = new Output(maxOutputBytes);
    long start = System.nanoTime();
    boolean ended;
    try (Output callback = streams.get().execStartCmd(execId).exec(output)) {
      ended = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted while running a command in pod " + key.podId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Integer exitCode = null;
    if (ended) {
      Long code = client.get().inspectExecCmd(execId).exec().getExitCodeLong();
      exitCode = code == null ? null : code.intValue();
    }
    return new ExecResult(
        exitCode, output.stdout.text(), output.stderr.text(), !ended, output.cut(), took);
  }

  void upload(PodKey key, String path, InputStream content, long size) {
    String container = running(key);
    AtomicReference<IOException> readFailure = new AtomicReference<>();
    try (PipedInputStream tar = new PipedInputStream(PIPE_BYTES)) {
      PipedOutputStream into = new PipedOutputStream(tar);
      Thread writer =
          Thread.ofVirtual()
              .start(() -> writeTar(path.substring(1), content, size, into, readFailure));
      try {
        client
            .get()
            .copyArchiveToContainerCmd(container)
            .withRemotePath("/")
            .withTarInputStream(tar)
            .exec();
      } catch (DockerException e) {
        failedReading(readFailure);
        if (e instanceof NotFoundException || e.getHttpStatus() / 100 != 4) {
          throw new ContainerPathException(
              "The container could not place " + path + ": " + EngineErrors.reason(e));
        }
        throw e;
      } finally {
        tar.close(); // a writer the engine stopped reading from gets "Pipe closed"
        writer.join();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted while copying a file into pod " + key.podId());
    }
    failedReading(readFailure);
  }

  /** The upload itself could not be read (the client went away): that, not the engine's answer. */
  private static void failedReading(AtomicReference<IOException> readFailure) {
    if (readFailure.get() != null) {
      throw new UncheckedIOException(readFailure.get());
    }
  }

  /** One regular file, owned by the container's root, readable by all; parents made as needed. */
  private static void writeTar(
      String name,
      InputStream content,
      long size,
      PipedOutputStream into,
      AtomicReference<IOException> readFailure) {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(into)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(size);
      entry.setMode(0100644);
      entry.setIds(0, 0);
      entry.setModTime(System.currentTimeMillis());
      tar.putArchiveEntry(entry);
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = content.read(buffer);
        } catch (IOException e) {
          readFailure.set(e);
          return; // the engine sees a cut archive and refuses it; the cause is reported
        }
        if (n < 0) {
          break;
        }
        tar.write(buffer, 0, n);
      }
      tar.closeArchiveEntry();
    } catch (IOException e) {
      // the engine stopped reading: its answer says why
    }
  }

  /** The id of the pod's container when it is running. */
  private String running(PodKey key) {
    InspectContainerResponse inspected;
    try {
      inspected = client.get().inspectContainerCmd(ContainerNames.name(site, key)).exec();
    } catch (NotFoundException e) {
      throw new ContainerNotRunningException(key);
    }
    InspectContainerResponse.ContainerState state = inspected.getState();
    if (state == null || !Boolean.TRUE.equals(state.getRunning())) {
      throw new ContainerNotRunningException(key);
    }
    return inspected.getId();
  }

  /** Both streams of a command, each kept up to its limit. */
  private static final class Output extends ResultCallback.Adapter<Frame> {
    final BoundedText stdout;
    final BoundedText stderr;

    Output(int limit) {
      stdout = new BoundedText(limit);
      stderr = new BoundedText(limit);
    }

    @Override
    public void onNext(Frame frame) {
      switch (frame.getStreamType()) {
        case STDERR -> stderr.add(frame.getPayload());
        default -> stdout.add(frame.getPayload());
      }
    }

    boolean cut() {
      return stdout.cut() || stderr.cut();
    }
  }
}
