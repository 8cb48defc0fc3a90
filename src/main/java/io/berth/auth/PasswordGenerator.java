package io.berth.auth;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Passwords for pods' generated accounts: 32 characters from a CSPRNG, letters and digits only so
 * they are safe in environment variables, shells and connection URLs (about 190 bits).
 */
@Component
public class PasswordGenerator {
  private static final char[] ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  private static final int LENGTH = 32;

  private final SecureRandom random = new SecureRandom();

  public String generate() {
    return generate(LENGTH);
  }

  /** A secret of {@code length} characters from the same alphabet. */
  public String generate(int length) {
    char[] password = new char[length];
    for (int i = 0; i < length; i++) {
      password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(password);
  }
}
