package io.berth.auth;

import io.berth.config.BerthProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final Logger log = LoggerFactory.getLogger(AdminCliToken.class);

  private final Path file;

  public AdminCliToken(BerthProperties berth) {
    this.file = berth.homePath().resolve("keys").resolve(FILE);
    try {
      write(file);
    } catch (IOException e) {
      // Berth must still start (a full disk is the common cause); bin/berth's admin commands then
      // work only with the token an earlier start left in the file, if any
      log.warn(
          "Could not write the admin command-line token {} ({}): bin/berth backup, probe and jobs"
              + " commands {}",
          file,
          e.getMessage(),
          Files.isRegularFile(file)
              ? "keep using the token already in that file"
              : "cannot reach this Berth until it starts with room to write it");
    }
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

  private static void write(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      restrict(dir, "rwx------");
    }
    Path temp = dir.resolve(FILE + ".new");
    try {
      Files.deleteIfExists(temp);
      Files.createFile(temp);
      restrict(temp, "rw-------");
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp); // gone after the move; a half-written one must not stay
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
