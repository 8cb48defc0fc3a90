package io.berth.runtime.kubernetes;

import io.berth.runtime.BoundedText;
import io.berth.runtime.ContainerNotRunningException;
import io.berth.runtime.ContainerPathException;
import io.berth.runtime.ExecResult;
import io.berth.runtime.PodKey;
import io.berth.runtime.RuntimeFailure;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Commands and files into a pod's running container through {@code pods/exec}. A file goes in on
 * the command's standard input, read by the container's own shell ({@code head -c SIZE}, since the
 * exec protocol cannot close stdin): the path is resolved inside the container, never on a node.
 */
final class PodCommands {
  private final KubernetesClient client;
  private final KubernetesProperties properties;
  private final String site;

  PodCommands(KubernetesClient client, KubernetesProperties properties, String site) {
    this.client = client;
    this.properties = properties;
    this.site = site;
  }

  ExecResult exec(PodKey key, List<String> command, Duration timeout, int maxOutputBytes) {
    BoundedText stdout = new BoundedText(maxOutputBytes);
    BoundedText stderr = new BoundedText(maxOutputBytes);
    long start = System.nanoTime();
    Integer exitCode = null;
    boolean timedOut = false;
    try (ExecWatch watch =
        container(key)
            .writingOutput(into(stdout))
            .writingError(into(stderr))
            .exec(command.toArray(String[]::new))) {
      exitCode = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (exitCode == null) {
        throw new RuntimeFailure("the command in pod " + key.podId() + " ended without a status");
      }
    } catch (TimeoutException e) {
      timedOut = true;
    } catch (ExecutionException | KubernetesClientException e) {
      throw new RuntimeFailure("running a command in pod " + key.podId() + " failed: " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted while running a command in pod " + key.podId());
    }
    return new ExecResult(
        exitCode,
        stdout.text(),
        stderr.text(),
        timedOut,
        stdout.cut() || stderr.cut(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  void upload(PodKey key, String path, InputStream content, long size) {
    String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
    String script =
        "mkdir -p -- " + quoted(parent) + " && exec head -c " + size + " > " + quoted(path);
    BoundedText stderr = new BoundedText(4096);
    try (ExecWatch watch =
        container(key).redirectingInput().writingError(into(stderr)).exec("sh", "-c", script)) {
      OutputStream in = watch.getInput();
      content.transferTo(in);
      in.flush();
      Integer code = watch.exitCode().get();
      if (code == null || code != 0) {
        throw new ContainerPathException(
            "The container could not write " + path + ": " + stderr.text().strip());
      }
    } catch (IOException | ExecutionException | KubernetesClientException e) {
      throw new RuntimeFailure("copying a file into pod " + key.podId() + " failed: " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted while copying a file into pod " + key.podId());
    }
  }

  /** The pod's container, when it runs. */
  private ContainerResource container(PodKey key) {
    String namespace = ObjectNames.namespace(properties, key.tenant());
    String name = ObjectNames.pod(site, key);
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    boolean running =
        pod != null
            && pod.getMetadata().getDeletionTimestamp() == null
            && pod.getStatus() != null
            && pod.getStatus().getContainerStatuses() != null
            && pod.getStatus().getContainerStatuses().stream()
                .filter(s -> PodManifests.CONTAINER.equals(s.getName()))
                .map(ContainerStatus::getState)
                .anyMatch(s -> s != null && s.getRunning() != null);
    if (!running) {
      throw new ContainerNotRunningException(key);
    }
    return client.pods().inNamespace(namespace).withName(name).inContainer(PodManifests.CONTAINER);
  }

  /** A single-quoted shell word: any character, a quote itself as '\''. */
  static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static OutputStream into(BoundedText text) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        text.add(new byte[] {(byte) b});
      }

      @Override
      public void write(byte[] b, int off, int len) {
        text.add(b, off, len);
      }
    };
  }

  private static String reason(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
