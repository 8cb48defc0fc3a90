package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BERTH_HOME made private, and a home an older Berth left readable tightened. */
class PrivateHomeTest {
  @TempDir Path root;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  @Test
  void aNewHomeIsPrivateFromTheStart() throws Exception {
    Path home = root.resolve("home");

    PrivateHome.secure(home);

    assertThat(mode(home)).isEqualTo("rwx------");
    assertThat(mode(home.resolve("logs"))).isEqualTo("rwx------");
    assertThat(mode(home.resolve("keys"))).isEqualTo("rwx------");
    assertThat(mode(home.resolve("storage"))).isEqualTo("rwx------");
    assertThat(mode(home.resolve("logs").resolve("berth.log"))).isEqualTo("rw-------");
    assertThat(home.resolve("db")).doesNotExist(); // made by the embedded database only
  }

  @Test
  void aReadableHomeIsTightenedButUsersDataKeepsItsModes() throws Exception {
    Path home = Files.createDirectories(root.resolve("home"));
    for (String dir : new String[] {"db", "logs", "keys", "storage", "backups"}) {
      chmod(Files.createDirectories(home.resolve(dir)), "rwxr-xr-x");
    }
    chmod(home, "rwxr-xr-x");
    Path database = Files.writeString(home.resolve("db").resolve("berth.mv.db"), "data");
    chmod(database, "rw-r--r--");
    Path log = Files.writeString(home.resolve("logs").resolve("berth.log.1"), "old");
    chmod(log, "rw-r--r--");
    Path volume = Files.createDirectories(home.resolve("storage").resolve("vol-t-1"));
    Path file = Files.writeString(volume.resolve("shared.txt"), "for the pod");
    chmod(volume, "rwxrwxr-x");
    chmod(file, "rw-rw-r--");
    Path outside = Files.writeString(root.resolve("outside.txt"), "not Berth's");
    chmod(outside, "rw-r--r--");
    Files.createSymbolicLink(home.resolve("keys").resolve("link"), outside);

    PrivateHome.secure(home);

    assertThat(mode(home)).isEqualTo("rwx------");
    for (String dir : new String[] {"db", "logs", "keys", "storage", "backups"}) {
      assertThat(mode(home.resolve(dir))).as(dir).isEqualTo("rwx------");
    }
    assertThat(mode(database)).isEqualTo("rw-------");
    assertThat(mode(log)).isEqualTo("rw-------");
    assertThat(mode(volume)).isEqualTo("rwxrwxr-x");
    assertThat(mode(file)).isEqualTo("rw-rw-r--");
    assertThat(mode(outside)).isEqualTo("rw-r--r--");
  }
}
