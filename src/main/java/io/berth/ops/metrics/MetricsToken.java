package io.berth.ops.metrics;

import io.berth.config.BerthProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bearer token {@code /metrics} asks for: {@code BERTH_METRICS_TOKEN} when set, otherwise the
 * one in the token file ({@code BERTH_METRICS_TOKEN_FILE}, by default {@code
 * BERTH_HOME/keys/metrics.token}, mode 0600), generated when missing and then kept, so Prometheus's
 * {@code credentials_file} stays valid across restarts and every process sharing the file accepts
 * the same. The file is read on every check: replacing it rotates the token.
 */
@Component
class MetricsToken {
  static final String FILE = "metrics.token";
  private static final Logger log = LoggerFactory.getLogger(MetricsToken.class);

  private final String configured;
  private final Path file;

  MetricsToken(MetricsProperties properties, BerthProperties berth) {
    this.configured = properties.token();
    this.file =
        properties.tokenFile() != null
            ? Path.of(properties.tokenFile()).toAbsolutePath()
            : berth.homePath().resolve("keys").resolve(FILE);
    if (configured == null) {
      ensureFile();
    }
  }

  /** True when {@code presented} is the token (compared in constant time). */
  boolean accepts(String presented) {
    String expected = configured != null ? configured : fromFile();
    return expected != null
        && presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            presented.strip().getBytes(StandardCharsets.UTF_8));
  }

  private String fromFile() {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      return token.isEmpty() ? null : token;
    } catch (IOException e) {
      return null;
    }
  }

  private void ensureFile() {
    if (fromFile() != null) {
      return;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path temp = file.resolveSibling(FILE + ".new");
    try {
      Path dir = Files.createDirectories(file.getParent());
      restrict(dir, "rwx------");
      Files.deleteIfExists(temp);
      Files.createFile(temp);
      restrict(temp, "rw-------");
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      // a link fails when the file exists: a process sharing BERTH_HOME that got there first wins
      Files.createLink(file, temp);
      log.info(
          "Prometheus reads /metrics with the bearer token in {} (give it to Prometheus as its"
              + " credentials_file, or set BERTH_METRICS_TOKEN)",
          file);
    } catch (FileAlreadyExistsException e) {
      // another process made it first: keep theirs
    } catch (IOException e) {
      log.warn(
          "Could not write the metrics token {} ({}): /metrics refuses every scrape until it"
              + " exists or BERTH_METRICS_TOKEN is set",
          file,
          e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
