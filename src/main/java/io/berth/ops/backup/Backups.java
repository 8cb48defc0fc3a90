package io.berth.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The backup use cases over one site: create (then send to restic and apply retention), list,
 * verify and restore. Plain Java, so {@code bin/berth backup} runs it without starting Berth.
 */
public final class Backups {
  private final SiteLayout layout;
  private final BackupProperties properties;
  private final BackupCatalog catalog;
  private final String configuredDataKey;
  private final Clock clock;
  private final ZoneId zone;

  public Backups(
      SiteLayout layout,
      BackupProperties properties,
      String configuredDataKey,
      Clock clock,
      ZoneId zone) {
    this.layout = layout;
    this.properties = properties;
    this.catalog = new BackupCatalog(layout.backups(properties.directory()));
    this.configuredDataKey = configuredDataKey;
    this.clock = clock;
    this.zone = zone;
  }

  /** A backup written, where else it went, and what retention removed. */
  public record Created(Backup backup, String resticSnapshot, List<String> removed) {}

  public Created create() throws BackupException {
    try {
      Files.createDirectories(catalog.directory());
      Trees.makePrivate(catalog.directory());
    } catch (IOException e) {
      throw new BackupException(
          "cannot create the backup directory " + catalog.directory() + ": " + e.getMessage(), e);
    }
    Backup backup =
        new BackupWriter(layout, catalog.directory(), properties.includeStorage(), clock).write();
    String snapshot =
        properties.restic().enabled() ? new ResticTarget(properties.restic()).send(backup) : null;
    return new Created(backup, snapshot, prune());
  }

  /** Removes the local backups retention does not keep; returns their ids. */
  public List<String> prune() throws BackupException {
    List<Backup> all = catalog.list();
    Set<String> keep = new Retention(properties.retention(), zone).keep(all);
    List<String> removed = new ArrayList<>();
    for (Backup backup : all) {
      if (!keep.contains(backup.id())) {
        try {
          catalog.delete(backup);
          removed.add(backup.id());
        } catch (IOException e) {
          throw new BackupException("cannot remove " + backup.path() + ": " + e.getMessage(), e);
        }
      }
    }
    return removed;
  }

  public List<Backup> list() {
    return catalog.list();
  }

  public Path directory() {
    return catalog.directory();
  }

  /** Verifies a backup by id, or (when {@code pathsAllowed}: the command line) by directory. */
  public Verification verify(String idOrPath, boolean pathsAllowed) throws BackupException {
    return located(idOrPath, pathsAllowed, new BackupVerifier(layout, configuredDataKey)::verify);
  }

  /** Verifies the newest backup: the restore drill. */
  public Verification verifyNewest() throws BackupException {
    Backup newest =
        catalog
            .newest()
            .orElseThrow(() ->
                new BackupException("there is no backup in " + catalog.directory() + " to verify"));
    return new BackupVerifier(layout, configuredDataKey).verify(newest.path());
  }

  /** Restores into this (stopped) site; refuses existing state unless {@code force}. */
  public void restore(String idOrPath, boolean force) throws BackupException {
    located(
        idOrPath,
        true,
        dir -> {
          new BackupRestorer(layout).restore(dir, force);
          return null;
        });
  }

  private interface WithBackup<T> {
    T apply(Path dir) throws BackupException;
  }

  /**
   * Runs {@code work} on a backup named by id or directory; {@code restic:<snapshot>} is fetched
   * from the restic repository into a temporary directory, removed afterwards.
   */
  private <T> T located(String idOrPath, boolean pathsAllowed, WithBackup<T> work)
      throws BackupException {
    if (!idOrPath.startsWith("restic:")) {
      return work.apply(catalog.resolve(idOrPath, pathsAllowed));
    }
    if (!properties.restic().enabled()) {
      throw new BackupException(
          idOrPath + " names a restic snapshot and no restic repository is configured");
    }
    String snapshot = idOrPath.substring("restic:".length());
    if (!snapshot.matches("[0-9a-f]{8,64}|latest")) {
      throw new BackupException(
          "'" + snapshot + "' is not a restic snapshot id (hexadecimal, or latest)");
    }
    Path into;
    try {
      into = Files.createTempDirectory("berth-restic-fetch");
    } catch (IOException e) {
      throw new BackupException("cannot fetch from restic: " + e.getMessage(), e);
    }
    try {
      return work.apply(new ResticTarget(properties.restic()).fetch(snapshot, into));
    } finally {
      Trees.deleteQuietly(into);
    }
  }
}
