package io.berth.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one backup into the local target: the database dump, the site keys, the configuration and
 * (optionally) the storage, then the manifest. It is built under a {@code .partial} name and
 * renamed when complete, so a crash never leaves something that looks like a backup.
 */
final class BackupWriter {
  static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("'berth-'yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Key files that make the data readable. The admin command-line token is per process; the
   * generated admin password is a user's password, never kept in a backup (a restored site makes a
   * new one at its first start).
   */
  static final List<String> KEY_FILES = List.of("data.key", "jwt-signing.jwk.json");

  private final SiteLayout layout;
  private final Path target;
  private final boolean includeStorage;
  private final Clock clock;

  BackupWriter(SiteLayout layout, Path target, boolean includeStorage, Clock clock) {
    this.layout = layout;
    this.target = target;
    this.includeStorage = includeStorage;
    this.clock = clock;
  }

  Backup write() throws BackupException {
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String id = ID.format(created);
    Path dir = target.resolve(id);
    Path partial = target.resolve(id + ".partial");
    if (Files.exists(dir)) {
      throw new BackupException("a backup named " + id + " exists already: one per second at most");
    }
    DatabaseDump dump = DatabaseDump.of(layout);
    try {
      Files.createDirectories(partial);
      Map<String, Long> counts = dump.dump(partial.resolve(dump.fileName()));
      boolean dataKey = copyKeys(partial.resolve("keys"));
      copyConfiguration(partial.resolve("config"));
      if (includeStorage && Files.isDirectory(layout.storage())) {
        Trees.copy(layout.storage(), partial.resolve("storage"));
      }
      privateTree(partial);
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT,
              BerthVersion.current(),
              schemaVersion(),
              dump.kind(),
              created,
              dataKey,
              includeStorage,
              new TreeMap<>(counts),
              FileDigests.entries(partial));
      manifest.write(partial);
      Trees.makePrivate(partial.resolve(Manifest.FILE));
      Files.move(partial, dir);
      return new Backup(id, dir, manifest);
    } catch (IOException e) {
      Trees.deleteQuietly(partial);
      throw new BackupException(
          "writing the backup to " + partial + " failed: " + e.getMessage(), e);
    } catch (BackupException e) {
      Trees.deleteQuietly(partial);
      throw e;
    }
  }

  private boolean copyKeys(Path into) throws IOException {
    Trees.createPrivate(into);
    boolean dataKey = false;
    for (String name : KEY_FILES) {
      Path key = layout.keys().resolve(name);
      if (Files.isRegularFile(key)) {
        Files.copy(key, into.resolve(name));
        Trees.makePrivate(into.resolve(name));
        dataKey |= name.equals("data.key");
      }
    }
    return dataKey;
  }

  /** The site templates and the BERTH_* settings of this process, secrets left out. */
  private void copyConfiguration(Path into) throws IOException {
    Files.createDirectories(into);
    if (Files.isDirectory(layout.templates())) {
      Trees.copy(layout.templates(), into.resolve("templates"));
    }
    Files.writeString(
        into.resolve("environment"), RecordedSettings.of(System.getenv()), StandardCharsets.UTF_8);
  }

  /**
   * Directories 0700 and files 0600, wherever the backup is copied with its modes; the storage copy
   * keeps the modes pods' data needs (its top directory is private).
   */
  private static void privateTree(Path backup) throws IOException {
    Path storage = backup.resolve("storage");
    try (java.util.stream.Stream<Path> paths = Files.walk(backup)) {
      for (Path p : paths.toList()) {
        if ((!p.startsWith(storage) || p.equals(storage)) && !Files.isSymbolicLink(p)) {
          Trees.makePrivate(p);
        }
      }
    }
  }

  private String schemaVersion() throws BackupException {
    SiteLayout.Database db = layout.database();
    String url = db.embedded() ? H2Dump.url(layout.h2Directory()) + ";IFEXISTS=TRUE" : db.url();
    try (Connection c =
        DriverManager.getConnection(
            url, db.embedded() ? "berth" : db.user(), db.embedded() ? "" : db.password())) {
      return Tables.schemaVersion(c);
    } catch (SQLException e) {
      throw new BackupException("cannot read the schema version: " + e.getMessage(), e);
    }
  }
}
