package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * {@code pods/exec} as the kubelet serves it, channel protocol {@code v4.channel.k8s.io}: the
 * command really runs, with busybox's shell and applets (what the helper image has), in local
 * directories standing for the claims the pod mounts. Each binary message starts with its stream: 0
 * stdin, 1 stdout, 2 stderr, 3 the exit status (a Status object) before the close.
 */
final class FakeExec extends WebSocketListener {
  private static final byte[] EOF = new byte[0];
  private static volatile Path applets;

  private final List<String> command;
  private final Supplier<Map<String, Path>> findMounts;
  private Map<String, Path> mounts;
  private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
  private volatile Process process;

  /**
   * @param mounts the pod's mount paths and the directories of the claims mounted there
   */
  FakeExec(String query, Supplier<Map<String, Path>> mounts) {
    this.command = new ArrayList<>();
    for (String param : query.split("&")) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).equals("command")) {
        command.add(URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    this.findMounts = mounts;
  }

  /** The claims mounted by a pod: mount path to claim directory. */
  static Map<String, Path> mounts(Pod pod, Function<String, Path> claimDir) {
    Map<String, Path> result = new java.util.HashMap<>();
    var container = pod.getSpec().getContainers().get(0);
    for (var m : container.getVolumeMounts()) {
      pod.getSpec().getVolumes().stream()
          .filter(v -> v.getName().equals(m.getName()) && v.getPersistentVolumeClaim() != null)
          .findFirst()
          .ifPresent(v ->
              result.put(
                  m.getMountPath(),
                  claimDir.apply(
                      pod.getMetadata().getNamespace()
                          + "/"
                          + v.getPersistentVolumeClaim().getClaimName())));
    }
    return result;
  }

  @Override
  public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
    Thread.ofVirtual().start(() -> run(ws));
  }

  @Override
  public void onMessage(WebSocket ws, byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == 0) {
      stdin.add(Arrays.copyOfRange(bytes, 1, bytes.length));
    } else if (bytes.length > 1 && bytes[0] == (byte) 255 && bytes[1] == 0) {
      stdin.add(EOF); // v5: the client closed stdin
    }
  }

  @Override
  public void onMessage(WebSocket ws, io.fabric8.mockwebserver.http.ByteString bytes) {
    onMessage(ws, bytes.toByteArray());
  }

  @Override
  public void onClosing(WebSocket ws, int code, String reason) {
    ended();
  }

  @Override
  public void onClosed(WebSocket ws, int code, String reason) {
    ended();
  }

  @Override
  public void onFailure(
      WebSocket ws, Throwable t, io.fabric8.mockwebserver.http.Response response) {
    ended();
  }

  /** The client went away: like the kubelet, close stdin, and end what still runs. */
  private void ended() {
    stdin.add(EOF);
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  private void run(WebSocket ws) {
    try {
      mounts = findMounts.get();
      ProcessBuilder builder = new ProcessBuilder(shell(command));
      builder.environment().put("PATH", applets().toString());
      builder.directory(Files.createTempDirectory("fake-exec-cwd").toFile());
      Process p = builder.start();
      process = p;
      Thread in = Thread.ofVirtual().start(() -> feed(p.getOutputStream()));
      Thread out = Thread.ofVirtual().start(() -> pump(p.getInputStream(), 1, ws));
      Thread err = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), 2, ws));
      int code = p.waitFor();
      out.join();
      err.join();
      in.interrupt();
      send(ws, 3, status(code).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      send(ws, 3, failure(e.getMessage(), 126).getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ws.close(1000, "");
    }
  }

  /**
   * {@code sh -c SCRIPT ARGS...} with the pod's mount paths turned into the claims' directories.
   */
  private List<String> shell(List<String> given) {
    List<String> result = new ArrayList<>(List.of("/bin/busybox"));
    result.addAll(given);
    if (given.size() >= 3 && given.get(1).equals("-c")) {
      String script = given.get(2);
      List<String> paths =
          mounts.keySet().stream().sorted(Comparator.comparing(String::length).reversed()).toList();
      for (String mountPath : paths) {
        script =
            script.replaceAll(
                java.util.regex.Pattern.quote(mountPath) + "(?![0-9A-Za-z_])",
                Matcher.quoteReplacement(mounts.get(mountPath).toString()));
      }
      result.set(3, script);
    }
    return result;
  }

  private void feed(OutputStream to) {
    try (to) {
      while (true) {
        byte[] chunk = stdin.take();
        if (chunk == EOF) {
          return;
        }
        to.write(chunk);
        to.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the process ended, or stopped reading
    }
  }

  private static void pump(InputStream from, int channel, WebSocket ws) {
    byte[] buffer = new byte[32 * 1024];
    try (from) {
      int n;
      while ((n = from.read(buffer)) > 0) {
        send(ws, channel, Arrays.copyOf(buffer, n));
      }
    } catch (IOException e) {
      // the process was killed
    }
  }

  private static void send(WebSocket ws, int channel, byte[] data) {
    byte[] message = new byte[data.length + 1];
    message[0] = (byte) channel;
    System.arraycopy(data, 0, message, 1, data.length);
    ws.send(message);
  }

  private static String status(int code) {
    return code == 0
        ? "{\"metadata\":{},\"status\":\"Success\"}"
        : failure("command terminated with non-zero exit code: exit status " + code, code);
  }

  private static String failure(String message, int code) {
    return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message.replace("\"", "'")
        + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
        + "\"message\":\""
        + code
        + "\"}]}}";
  }

  /** A directory of links to busybox, one per applet: the helper image's PATH, and nothing else. */
  private static synchronized Path applets() throws IOException {
    if (applets == null) {
      Path dir = Files.createTempDirectory("busybox-applets");
      Process list = new ProcessBuilder("/bin/busybox", "--list").start();
      String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String name : names.split("\n")) {
        if (!name.isBlank()) {
          Files.createSymbolicLink(dir.resolve(name.strip()), Path.of("/bin/busybox"));
        }
      }
      applets = dir;
    }
    return applets;
  }
}
