package io.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Images the tests build themselves, since no registry is reachable: {@code podman import} of a
 * root filesystem holding only busybox-static, whose httpd serves /www on port 5000.
 */
public final class TestImages {
  public static final String BUSYBOX_HTTPD = "localhost/berth-test/busybox-httpd:1";
  private static final String[] APPLETS = {
    "sh", "httpd", "nc", "sleep", "cat", "echo", "ls", "mkdir", "env", "sed", "wc", "rm", "true",
    "false", "test", "printf", "date", "touch", "head"
  };
  private static boolean built;

  private TestImages() {}

  /** The busybox httpd image, built once per machine. */
  public static synchronized String busyboxHttpd() {
    if (built) {
      return BUSYBOX_HTTPD;
    }
    try {
      boolean exists =
          new ProcessBuilder("podman", "image", "exists", BUSYBOX_HTTPD).start().waitFor() == 0;
      if (!exists) {
        build();
      }
      built = true;
      return BUSYBOX_HTTPD;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void build() throws IOException {
    Path dir = Files.createTempDirectory("berth-image");
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.createDirectories(root.resolve("www"));
    Files.createDirectories(root.resolve("tmp"));
    Files.writeString(root.resolve("www").resolve("index.html"), "hello from a berth pod\n");
    Path tar = dir.resolve("rootfs.tar");
    run("tar", "-C", root.toString(), "-cf", tar.toString(), ".");
    TestEngine.podman(
        "import",
        "--change",
        "CMD [\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"5000\",\"-h\",\"/www\"]",
        "--change",
        "ENV PATH=/bin",
        tar.toString(),
        BUSYBOX_HTTPD);
  }

  private static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
