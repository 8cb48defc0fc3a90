package io.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.berth.config.BerthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The site's keys, generated on first start into {@code BERTH_HOME/keys} (directory 0700, files
 * 0600): the RS256 key that signs the embedded issuer's tokens and the AES-256 key that seals pod
 * credentials at rest. Without them stored credentials cannot be read: back them up with the
 * database.
 */
@Component
public class SiteKeys {
  private final RSAKey signingKey;
  private final byte[] dataKey;

  public SiteKeys(BerthProperties berth, AuthProperties auth) {
    Path dir = berth.homePath().resolve("keys");
    try {
      createPrivateDirectory(dir);
      this.signingKey = loadOrCreateSigningKey(dir.resolve("jwt-signing.jwk.json"));
      this.dataKey =
          auth.dataKey() != null && !auth.dataKey().isBlank()
              ? decodeDataKey(auth.dataKey())
              : loadOrCreateDataKey(dir.resolve("data.key"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the site keys in " + dir, e);
    }
  }

  public RSAKey signingKey() {
    return signingKey;
  }

  public JWKSet publicKeys() {
    return new JWKSet(signingKey.toPublicJWK());
  }

  byte[] dataKey() {
    return dataKey.clone();
  }

  /**
   * A 256-bit key for one purpose, derived from the data key (HMAC-SHA256 of the purpose), so that
   * every process sharing the data key has it and no two purposes share a key.
   */
  public byte[] derivedKey(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(dataKey, "HmacSHA256"));
      return mac.doFinal(("berth derived key: " + purpose).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static RSAKey loadOrCreateSigningKey(Path file) throws IOException {
    if (Files.exists(file)) {
      try {
        return RSAKey.parse(Files.readString(file));
      } catch (ParseException e) {
        throw new IllegalStateException("the signing key " + file + " is damaged", e);
      }
    }
    try {
      RSAKey key =
          new RSAKeyGenerator(2048)
              .keyUse(KeyUse.SIGNATURE)
              .keyID(UUID.randomUUID().toString())
              .generate();
      writePrivate(file, key.toJSONString());
      return key;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the signing key", e);
    }
  }

  private static byte[] loadOrCreateDataKey(Path file) throws IOException {
    if (Files.exists(file)) {
      return decodeDataKey(Files.readString(file).trim());
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    writePrivate(file, Base64.getEncoder().encodeToString(key));
    return key;
  }

  private static byte[] decodeDataKey(String text) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the data key must be base64 (BERTH_DATA_KEY or keys/data.key)");
    }
    if (key.length != 32) {
      throw new IllegalStateException("the data key must be 32 bytes (AES-256), base64-encoded");
    }
    return key;
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    posix(dir, "rwx------");
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    posix(temp, "rw-------");
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void posix(Path path, String permissions) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
