package io.berth.ops.backup;

import io.berth.config.PrivateHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a backup into a stopped site: the database, the keys, the storage and the site
 * templates, into a private BERTH_HOME (0700, Berth's files 0600). Backups hold no user's password:
 * the development users come from the restored site's own BERTH_DEV_USERS, and without it Berth
 * generates a new initial admin password at its first start. Refuses a site with state of its own
 * (a database with tables, keys, storage) unless forced, and a backup whose files do not match its
 * manifest.
 */
final class BackupRestorer {
  private final SiteLayout layout;

  BackupRestorer(SiteLayout layout) {
    this.layout = layout;
  }

  void restore(Path dir, boolean force) throws BackupException {
    List<String> problems = new ArrayList<>();
    Manifest manifest = BackupVerifier.checkFiles(dir, problems);
    if (!problems.isEmpty()) {
      throw new BackupException(
          "the backup is damaged, nothing restored: " + String.join("; ", problems));
    }
    DatabaseDump dump = DatabaseDump.of(layout);
    if (!dump.kind().equals(manifest.databaseKind())) {
      throw new BackupException(
          "the backup holds a "
              + manifest.databaseKind()
              + " database and the target is "
              + dump.kind()
              + " ("
              + layout.database()
              + ")");
    }
    try {
      List<String> existing = existingState(dump);
      if (!existing.isEmpty() && !force) {
        throw new BackupException(
            "the target already holds "
                + String.join(", ", existing)
                + ": restore refuses to overwrite it (use --force to replace it)");
      }
      PrivateHome.secure(layout.home());
      dump.restore(dir.resolve(dump.fileName()), force);
      Path keys = layout.keys();
      Trees.createPrivate(keys);
      for (String name : BackupWriter.KEY_FILES) {
        Path key = dir.resolve("keys").resolve(name);
        if (Files.isRegularFile(key)) {
          Files.copy(key, keys.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          Trees.makePrivate(keys.resolve(name));
        }
      }
      if (Files.isDirectory(dir.resolve("storage"))) {
        Trees.delete(layout.storage());
        Trees.copy(dir.resolve("storage"), layout.storage());
      }
      if (Files.isDirectory(dir.resolve("config").resolve("templates"))
          && Trees.emptyOrMissing(layout.templates())) {
        Trees.copy(dir.resolve("config").resolve("templates"), layout.templates());
      }
      PrivateHome.secure(layout.home()); // the restored database files too
    } catch (IOException e) {
      throw new BackupException("the restore failed: " + e.getMessage(), e);
    }
  }

  private List<String> existingState(DatabaseDump dump) throws BackupException, IOException {
    List<String> existing = new ArrayList<>();
    if (!dump.targetEmpty()) {
      existing.add("a database (" + layout.database() + ")");
    }
    if (Files.exists(layout.keys().resolve("data.key"))) {
      existing.add("site keys (" + layout.keys() + ")");
    }
    if (!Trees.emptyOrMissing(layout.storage())) {
      existing.add("storage (" + layout.storage() + ")");
    }
    return existing;
  }
}
