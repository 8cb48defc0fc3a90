package io.berth.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals secrets at rest with AES-256-GCM under the site data key: a fresh 12-byte nonce per value,
 * output {@code v1:} + base64(nonce | ciphertext | tag). A tampered or foreign value fails to open
 * rather than yielding garbage.
 */
@Component
public class SecretCipher {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(SiteKeys keys) {
    this.key = new SecretKeySpec(keys.dataKey(), "AES");
  }

  public String encrypt(String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a secret", e);
    }
  }

  public String decrypt(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new SecretUnreadableException("not a sealed value of this version");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      if (all.length <= NONCE_BYTES) {
        throw new SecretUnreadableException("the sealed value is truncated");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SecretUnreadableException(
          "the sealed value was altered or sealed with another data key");
    }
  }

  /** A sealed value that cannot be opened with this site's data key. */
  public static class SecretUnreadableException extends RuntimeException {
    SecretUnreadableException(String message) {
      super(message);
    }
  }
}
