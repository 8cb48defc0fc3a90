package io.berth.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The local target: one directory per backup, named by its creation time. */
final class BackupCatalog {
  private static final Pattern ID = Pattern.compile("^berth-\\d{8}T\\d{6}Z$");

  private final Path directory;

  BackupCatalog(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  /** Complete backups, newest first; a directory whose manifest is unreadable is skipped. */
  List<Backup> list() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Backup> backups = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(directory)) {
      for (Path dir : dirs.filter(d -> ID.matcher(d.getFileName().toString()).matches()).toList()) {
        try {
          backups.add(new Backup(dir.getFileName().toString(), dir, Manifest.read(dir)));
        } catch (BackupException e) {
          // damaged: verify names it; list shows what can be restored
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    backups.sort(Comparator.comparing((Backup b) -> b.manifest().created()).reversed());
    return backups;
  }

  Optional<Backup> newest() {
    return list().stream().findFirst();
  }

  /**
   * A backup by id in the target, or any directory given as a path (a copy elsewhere). Ids are
   * checked against their pattern so an API caller cannot name a path.
   */
  Path resolve(String idOrPath, boolean pathsAllowed) throws BackupException {
    if (ID.matcher(idOrPath).matches()) {
      Path dir = directory.resolve(idOrPath);
      if (!Files.isDirectory(dir)) {
        throw new BackupException("no backup " + idOrPath + " in " + directory);
      }
      return dir;
    }
    if (!pathsAllowed) {
      throw new BackupException("'" + idOrPath + "' is not a backup id (berth-YYYYMMDDTHHMMSSZ)");
    }
    Path dir = Path.of(idOrPath).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new BackupException(
          idOrPath + " is neither a backup id in " + directory + " nor a directory");
    }
    return dir;
  }

  void delete(Backup backup) throws IOException {
    Trees.delete(backup.path());
  }
}
