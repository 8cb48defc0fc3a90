package io.berth.ops.backup;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a site's database is dumped and restored: an H2 {@code SCRIPT} or a PostgreSQL {@code pg_dump
 * -Fc}. The row counts a dump returns are taken in the same snapshot as the dump.
 */
sealed interface DatabaseDump permits H2Dump, PostgresDump {

  /** {@code h2} or {@code postgresql}, as the manifest records it. */
  String kind();

  /** The dump's file name inside a backup. */
  String fileName();

  /** Writes the dump to {@code file}; returns every table's row count in the dump's snapshot. */
  Map<String, Long> dump(Path file) throws BackupException;

  /** True when the target database holds no Berth tables. */
  boolean targetEmpty() throws BackupException;

  /** Loads {@code file} into the target database, emptying it first when {@code force}. */
  void restore(Path file, boolean force) throws BackupException;

  /** Loads {@code file} into a throwaway database, runs {@code check} on it, and removes it. */
  <T> T inScratch(Path file, ScratchCheck<T> check) throws BackupException;

  static DatabaseDump of(SiteLayout layout) {
    return layout.database().embedded()
        ? new H2Dump(layout.h2Directory())
        : new PostgresDump(layout.database());
  }

  /** What verify does with the scratch copy. */
  @FunctionalInterface
  interface ScratchCheck<T> {
    T check(java.sql.Connection scratch) throws Exception;
  }
}
