package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image of {@code template/hello} (the probe's pod), which no registry serves: where the
 * runtime would pull it, a one-layer image archive is made from the host's busybox-static and
 * loaded ({@code docker load}), so the template and the probe work wherever Berth talks to Docker
 * or Podman, with or without {@code bin/berth}. Problems are logged; the pod's ERROR then names the
 * missing image.
 */
final class HelloImage {
  static final String NAME = "localhost/berth/hello:1";
  private static final Logger log = LoggerFactory.getLogger(HelloImage.class);
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final String[] APPLETS = {"sh", "httpd", "cat", "echo", "ls", "sleep"};

  private HelloImage() {}

  static void ensure(DockerClient client) {
    try {
      client.inspectImageCmd(NAME).exec();
      return;
    } catch (NotFoundException e) {
      // load it below
    }
    if (!Files.isExecutable(BUSYBOX)) {
      log.warn(
          "template/hello needs {} to build its image: apt-get install busybox-static", BUSYBOX);
      return;
    }
    try {
      client.loadImageCmd(new ByteArrayInputStream(archive(rootfs()))).exec();
      log.info("Loaded {} (template/hello) built from {}", NAME, BUSYBOX);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not load {}: {}", NAME, e.getMessage());
    }
  }

  /** A Docker image archive: the layer, the image config (httpd on port 5000) and a manifest. */
  static byte[] archive(byte[] layer) throws IOException {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    String config =
        "{\"architecture\":\""
            + arch
            + "\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],"
            + "\"Cmd\":[\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"5000\",\"-h\",\"/www\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
            + sha256(layer)
            + "\"]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    String configName = sha256(configBytes) + ".json";
    String manifest =
        "[{\"Config\":\""
            + configName
            + "\",\"RepoTags\":[\""
            + NAME
            + "\"],\"Layers\":[\"layer.tar\"]}]";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      file(tar, "layer.tar", layer, 0644);
      file(tar, configName, configBytes, 0644);
      file(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8), 0644);
    }
    return bytes.toByteArray();
  }

  /** busybox, a few applet links, the page it serves and the template's data path. */
  static byte[] rootfs() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String dir : new String[] {"bin/", "www/", "tmp/", "data/"}) {
        TarArchiveEntry entry = new TarArchiveEntry(dir);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      file(tar, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
      for (String applet : APPLETS) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      file(
          tar, "www/index.html", "hello from a berth pod\n".getBytes(StandardCharsets.UTF_8), 0644);
    }
    return bytes.toByteArray();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
