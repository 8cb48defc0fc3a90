package io.berth.ops.backup;

import java.nio.file.Path;

/**
 * Where a site's state lives: the database (an H2 file in BERTH_HOME, or a PostgreSQL) and, under
 * BERTH_HOME, the keys, the storage of pods, volumes and snapshots, and the site templates.
 */
public record SiteLayout(Path home, Database database, Path templates) {

  /** The database settings; the password is only ever handed to the database client. */
  public record Database(String url, String user, String password) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }

    @Override
    public String toString() {
      return embedded() ? "H2 (embedded)" : url;
    }
  }

  public Path keys() {
    return home.resolve("keys");
  }

  public Path storage() {
    return home.resolve("storage");
  }

  public Path h2Directory() {
    return home.resolve("db");
  }

  public Path backups(String configured) {
    return configured == null || configured.isBlank()
        ? home.resolve("backups")
        : Path.of(configured).toAbsolutePath().normalize();
  }
}
