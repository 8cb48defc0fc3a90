package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 14: Berth started as its own process keeps BERTH_HOME private. The home and its
 * db, logs, keys and storage directories are 0700, the H2 database, the log and the keys 0600, from
 * the first start and again after someone loosened them.
 */
class PrivateHomeIT {
  static final Map<String, String> ENV =
      Map.of(
          "BERTH_DEV_USERS", "alice:secret1",
          "BERTH_RECONCILER_ENABLED", "false",
          "BERTH_PROXY_ENABLED", "false",
          "BERTH_JOBS_ENABLED", "false",
          "BERTH_STATUS_ENABLED", "false");

  @Test
  void berthHomeIsPrivateAfterStartAndTightenedAgainAtTheNext() throws Exception {
    assumeFalse(TestDatabase.postgres(), "the embedded database's files are what is checked");
    Path home = TestDatabase.newHome().resolve("home");

    try (BerthProcess berth = BerthProcess.start(home, ENV)) {
      assertThat(
              berth
                  .api()
                  .post("/v3/pods/volumes", "{\"volume_id\":\"privatevol\"}", token(berth))
                  .status())
          .isEqualTo(200);
      assertPrivate(home);
    }

    for (String dir : List.of("", "db", "logs", "keys", "storage")) {
      Files.setPosixFilePermissions(
          home.resolve(dir), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (Path file : ownFiles(home)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (BerthProcess berth = BerthProcess.start(home, ENV)) {
      assertPrivate(home);
    }
  }

  private static String token(BerthProcess berth) {
    return berth.api().token("alice", "secret1");
  }

  private static void assertPrivate(Path home) throws Exception {
    for (String dir : List.of("", "db", "logs", "keys", "storage")) {
      assertThat(mode(home.resolve(dir))).as("BERTH_HOME/" + dir).isEqualTo("rwx------");
    }
    List<Path> files = ownFiles(home);
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains("berth.mv.db", "berth.log", "data.key", "jwt-signing.jwk.json");
    for (Path file : files) {
      assertThat(mode(file)).as(home.relativize(file).toString()).isEqualTo("rw-------");
    }
  }

  private static List<Path> ownFiles(Path home) throws Exception {
    try (Stream<Path> files =
        Stream.of("db", "logs", "keys")
            .flatMap(d -> {
              try {
                return Files.list(home.resolve(d)).toList().stream();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })) {
      return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
    }
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
