package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file checks every verify and restore starts with, and the command's refusals. */
class BackupFilesTest {
  @TempDir Path dir;

  private void backupWith(String... files) throws Exception {
    for (String file : files) {
      Files.createDirectories(dir.resolve(file).getParent());
      Files.writeString(dir.resolve(file), "content of " + file);
    }
    new Manifest(1, "t", "40", "h2", Instant.now(), true, false, Map.of(), FileDigests.entries(dir))
        .write(dir);
  }

  @Test
  void anIntactBackupHasNoProblems() throws Exception {
    backupWith("database.sql.gz", "keys/data.key");
    List<String> problems = new ArrayList<>();

    BackupVerifier.checkFiles(dir, problems);

    assertThat(problems).isEmpty();
  }

  @Test
  void namesTheChangedTheMissingAndTheAddedFile() throws Exception {
    backupWith("database.sql.gz", "keys/data.key", "storage/v/a.txt");
    Files.writeString(dir.resolve("database.sql.gz"), "content of database.sql.GZ");
    Files.writeString(dir.resolve("storage/v/a.txt"), "much longer content than before!");
    Files.delete(dir.resolve("keys/data.key"));
    Files.writeString(dir.resolve("extra.txt"), "x");
    List<String> problems = new ArrayList<>();

    BackupVerifier.checkFiles(dir, problems);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "database.sql.gz: SHA-256 differs from the manifest (the file is damaged)",
            "keys/data.key: missing",
            "storage/v/a.txt: 32 bytes, the manifest says 26",
            "extra.txt: not in the manifest (added after the backup)");
  }

  @Test
  void aDamagedManifestSaysSo() throws Exception {
    backupWith("database.sql.gz");
    Files.writeString(dir.resolve(Manifest.FILE), "{\"format\": 1, \"files\": [");

    assertThatThrownBy(() -> BackupVerifier.checkFiles(dir, new ArrayList<>()))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("manifest")
        .hasMessageContaining("is damaged");
  }

  @Test
  void theCommandRefusesUnknownUseAndUnknownBackups() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BackupCommand command =
        new BackupCommand(
            Map.of("BERTH_HOME", dir.toString()),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(command.execute(List.of("explode"))).isEqualTo(2);
    assertThat(command.execute(List.of("verify", "berth-20260101T000000Z"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage:")
        .contains("no backup berth-20260101T000000Z");
  }
}
