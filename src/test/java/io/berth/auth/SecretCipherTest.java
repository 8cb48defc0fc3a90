package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.BerthProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
  @TempDir Path home;

  SiteKeys keys() {
    return new SiteKeys(
        new BerthProperties(home.toString(), 8080, "t", null),
        new AuthProperties(null, null, null, null, null, null, null));
  }

  @Test
  void sealsAndOpensWithFreshNonces() {
    SecretCipher cipher = new SecretCipher(keys());
    String a = cipher.encrypt("s3cret-password");
    String b = cipher.encrypt("s3cret-password");
    assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("s3cret");
    assertThat(cipher.decrypt(a)).isEqualTo("s3cret-password");
  }

  @Test
  void tamperedValuesAndForeignKeysFail() {
    SecretCipher cipher = new SecretCipher(keys());
    String sealed = cipher.encrypt("value");
    char[] chars = sealed.toCharArray();
    chars[10] = chars[10] == 'A' ? 'B' : 'A';
    assertThatThrownBy(() -> cipher.decrypt(new String(chars)))
        .isInstanceOf(SecretCipher.SecretUnreadableException.class);
    assertThatThrownBy(() -> cipher.decrypt("plain"))
        .isInstanceOf(SecretCipher.SecretUnreadableException.class);
  }

  @Test
  void keysPersistAcrossRestartsWithPrivatePermissions() throws Exception {
    String sealed = new SecretCipher(keys()).encrypt("kept");
    assertThat(new SecretCipher(keys()).decrypt(sealed)).isEqualTo("kept");
    Path dir = home.toAbsolutePath().resolve("keys");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data.key"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("jwt-signing.jwk.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void generatedPasswordsAreLongAndDistinct() {
    PasswordGenerator generator = new PasswordGenerator();
    String one = generator.generate();
    assertThat(one).hasSizeGreaterThanOrEqualTo(24).matches("[A-Za-z0-9]+");
    assertThat(generator.generate()).isNotEqualTo(one);
  }
}
