package io.berth.ops.backup;

import io.berth.auth.AuthProperties;
import io.berth.auth.SecretCipher;
import io.berth.auth.SiteKeys;
import io.berth.config.BerthProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proves a backup: every file's size and SHA-256 against the manifest (and no file missing or
 * added), then a restore of the dump into a scratch database whose row counts must equal the
 * manifest's, and a sample of pod credentials decrypted with the backup's own data key.
 */
final class BackupVerifier {
  static final int CREDENTIAL_SAMPLE = 5;

  private final SiteLayout layout;
  private final String configuredDataKey;

  /** {@code configuredDataKey}: BERTH_DATA_KEY, for backups of a site whose key is not a file. */
  BackupVerifier(SiteLayout layout, String configuredDataKey) {
    this.layout = layout;
    this.configuredDataKey = configuredDataKey;
  }

  /** Checks the files only; returns the manifest or what is wrong. */
  static Manifest checkFiles(Path dir, List<String> problems) throws BackupException {
    Manifest manifest = Manifest.read(dir);
    Set<String> listed = new HashSet<>();
    for (Manifest.FileEntry entry : manifest.files()) {
      listed.add(entry.path());
      Path file = dir.resolve(entry.path()).normalize();
      if (!file.startsWith(dir)) {
        problems.add(entry.path() + ": the manifest names a path outside the backup");
      } else if (!Files.isRegularFile(file)) {
        problems.add(entry.path() + ": missing");
      } else {
        try {
          long size = Files.size(file);
          if (size != entry.size()) {
            problems.add(entry.path() + ": " + size + " bytes, the manifest says " + entry.size());
          } else if (!FileDigests.sha256(file).equals(entry.sha256())) {
            problems.add(
                entry.path() + ": SHA-256 differs from the manifest (the file is damaged)");
          }
        } catch (IOException e) {
          problems.add(entry.path() + ": unreadable: " + e.getMessage());
        }
      }
    }
    try {
      for (Manifest.FileEntry found : FileDigests.entries(dir)) {
        if (!listed.contains(found.path())) {
          problems.add(found.path() + ": not in the manifest (added after the backup)");
        }
      }
    } catch (IOException e) {
      problems.add("the backup directory cannot be read: " + e.getMessage());
    }
    return manifest;
  }

  Verification verify(Path dir) {
    String id = dir.getFileName().toString();
    List<String> problems = new ArrayList<>();
    Manifest manifest;
    try {
      manifest = checkFiles(dir, problems);
    } catch (BackupException e) {
      return new Verification.Damaged(id, List.of(e.getMessage()));
    }
    if (!problems.isEmpty()) {
      return new Verification.Damaged(id, problems);
    }
    DatabaseDump dump = DatabaseDump.of(layout);
    if (!dump.kind().equals(manifest.databaseKind())) {
      return new Verification.Damaged(
          id,
          List.of(
              "the backup holds a "
                  + manifest.databaseKind()
                  + " database and this site runs "
                  + dump.kind()
                  + ": verify it where it was made"));
    }
    try {
      SecretCipher cipher = cipher(dir);
      return dump.inScratch(
          dir.resolve(dump.fileName()),
          scratch -> {
            Map<String, Long> counts = Tables.rowCounts(scratch);
            List<String> found = new ArrayList<>();
            manifest
                .rowCounts()
                .forEach((table, expected) -> {
                  Long actual = counts.get(table);
                  if (!expected.equals(actual)) {
                    found.add(
                        "table "
                            + table
                            + ": "
                            + actual
                            + " rows restored, the manifest says "
                            + expected);
                  }
                });
            int read = readCredentials(scratch, cipher, found);
            return found.isEmpty()
                ? new Verification.Verified(id, counts, read)
                : new Verification.Damaged(id, found);
          });
    } catch (BackupException e) {
      return new Verification.Damaged(id, List.of(e.getMessage()));
    }
  }

  private static int readCredentials(Connection scratch, SecretCipher cipher, List<String> found)
      throws Exception {
    int read = 0;
    try (ResultSet rs =
        scratch
            .createStatement()
            .executeQuery(
                "select tenant, pod_id, user_password_enc, admin_password_enc from pod_credentials"
                    + " order by tenant, pod_id limit "
                    + CREDENTIAL_SAMPLE)) {
      while (rs.next()) {
        try {
          cipher.decrypt(rs.getString(3));
          cipher.decrypt(rs.getString(4));
          read++;
        } catch (SecretCipher.SecretUnreadableException e) {
          found.add(
              "the credentials of pod "
                  + rs.getString(1)
                  + "/"
                  + rs.getString(2)
                  + " do not decrypt with the backup's data key: "
                  + e.getMessage());
        }
      }
    }
    return read;
  }

  /** A cipher with the backup's data key (or BERTH_DATA_KEY), loaded from a private copy. */
  private SecretCipher cipher(Path dir) throws BackupException {
    Path home = null;
    try {
      home = Files.createTempDirectory("berth-verify-keys");
      Trees.createPrivate(home.resolve("keys"));
      for (String name : BackupWriter.KEY_FILES) {
        Path key = dir.resolve("keys").resolve(name);
        if (Files.isRegularFile(key)) {
          Files.copy(key, home.resolve("keys").resolve(name));
        }
      }
      boolean inBackup = Files.isRegularFile(dir.resolve("keys").resolve("data.key"));
      if (!inBackup && (configuredDataKey == null || configuredDataKey.isBlank())) {
        throw new BackupException(
            "the backup has no data key (keys/data.key) and BERTH_DATA_KEY is not set: its"
                + " credentials cannot be read");
      }
      return new SecretCipher(
          new SiteKeys(
              new BerthProperties(home.toString(), 0, null, null),
              new AuthProperties(
                  null, null, null, null, null, inBackup ? null : configuredDataKey, null)));
    } catch (IOException | RuntimeException e) {
      throw new BackupException("the backup's keys cannot be loaded: " + e.getMessage(), e);
    } finally {
      if (home != null) {
        Trees.deleteQuietly(home);
      }
    }
  }
}
