package io.berth.ops.jobs;

import io.berth.config.BerthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The token that lets {@code bin/berth} on this machine call the admin endpoints of the running
 * Berth: written at start to {@code BERTH_HOME/keys/admin-cli.token} (mode 0600), so holding it
 * proves the same file access as reading the site keys. Checked against the file on every use, so
 * several processes sharing BERTH_HOME all accept the newest one. Never part of a backup.
 */
@Component
public class AdminCliToken {
  public static final String FILE = "admin-cli.token";
  public static final String HEADER = "X-Berth-Admin-Token";

  private final Path file;

  public AdminCliToken(BerthProperties berth) {
    this.file = berth.homePath().resolve("keys").resolve(FILE);
    write(file);
  }

  public Path file() {
    return file;
  }

  /** True when {@code presented} is the token in the file now (compared in constant time). */
  public boolean accepts(String presented) {
    if (presented == null || presented.isBlank()) {
      return false;
    }
    String current;
    try {
      current = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return false;
    }
    return !current.isEmpty()
        && MessageDigest.isEqual(
            current.getBytes(StandardCharsets.UTF_8),
            presented.trim().getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
      }
      Path temp = dir.resolve(FILE + ".new");
      Files.deleteIfExists(temp);
      Files.createFile(temp);
      restrict(temp, "rw-------");
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin command-line token " + file, e);
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
