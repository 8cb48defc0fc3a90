package io.berth.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restic repository as a second target: each local backup is sent as a snapshot tagged {@code
 * berth} (deduplicated, encrypted, incremental), and can be fetched back for verify or restore. The
 * repository password is handed to restic as a file name (RESTIC_PASSWORD_FILE), never read.
 */
final class ResticTarget {
  private static final Pattern SAVED = Pattern.compile("snapshot ([0-9a-f]{8,64}) saved");

  private final BackupProperties.Restic settings;

  ResticTarget(BackupProperties.Restic settings) {
    this.settings = settings;
  }

  /** Sends a backup; returns the restic snapshot id. Initialises the repository the first time. */
  String send(Backup backup) throws BackupException {
    if (!run(List.of("cat", "config"), null).ok()) {
      Result init = run(List.of("init"), null);
      if (!init.ok()) {
        throw new BackupException(
            "restic cannot open or create " + settings.repository() + ": " + init.output());
      }
    }
    Result sent = run(List.of("backup", "--tag", "berth", "--host", "berth", "."), backup.path());
    if (!sent.ok()) {
      throw new BackupException("restic backup failed: " + sent.output());
    }
    Matcher m = SAVED.matcher(sent.output());
    return m.find() ? m.group(1) : "unknown";
  }

  /**
   * Restores a snapshot's files under {@code into}; returns the backup's directory there (restic
   * keeps the absolute path the backup was sent from).
   */
  Path fetch(String snapshot, Path into) throws BackupException {
    Result fetched = run(List.of("restore", snapshot, "--target", into.toString()), null);
    if (!fetched.ok()) {
      throw new BackupException("restic restore of " + snapshot + " failed: " + fetched.output());
    }
    try (var files = java.nio.file.Files.walk(into)) {
      return files
          .filter(f -> f.getFileName().toString().equals(Manifest.FILE))
          .map(Path::getParent)
          .findFirst()
          .orElseThrow(
              () -> new BackupException("restic snapshot " + snapshot + " holds no Berth backup"));
    } catch (IOException e) {
      throw new BackupException("cannot read what restic restored: " + e.getMessage(), e);
    }
  }

  private record Result(boolean ok, String output) {}

  private Result run(List<String> arguments, Path workingDirectory) throws BackupException {
    List<String> command =
        new ArrayList<>(List.of("restic", "--no-cache", "-r", settings.repository()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    if (settings.passwordFile() == null || settings.passwordFile().isBlank()) {
      throw new BackupException(
          "berth.backup.restic.password-file must name the repository's password file");
    }
    builder.environment().put("RESTIC_PASSWORD_FILE", settings.passwordFile());
    try {
      Process process = builder.start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return new Result(process.waitFor() == 0, output);
    } catch (IOException e) {
      throw new BackupException(
          "restic cannot be run (apt-get install restic): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("restic was interrupted", e);
    }
  }
}
