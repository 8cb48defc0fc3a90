package io.berth.auth;

import io.berth.config.BerthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * The local operator's credential: a random secret in BERTH_HOME/keys/operator.token, readable by
 * the owner only. Whoever can read BERTH_HOME already holds the site keys, so holding this file is
 * what lets `bin/berth probe` (and other operator commands) call the operations endpoints of the
 * running Berth without a user account. Sent as {@code X-Berth-Operator-Token}.
 */
@Component
public class OperatorToken {
  public static final String HEADER = "X-Berth-Operator-Token";

  private final byte[] secret;
  private final Path file;

  public OperatorToken(BerthProperties berth) {
    this.file = berth.homePath().resolve("keys").resolve("operator.token");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path tmp = Files.createTempFile(file.getParent(), "operator", ".tmp");
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the directory's own permissions protect it
        }
        Files.writeString(tmp, HexFormat.of().formatHex(random) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      this.secret = Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(secret, presented.trim().getBytes(StandardCharsets.UTF_8));
  }

  public Path file() {
    return file;
  }
}
