package io.berth.ops.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code manifest.json} of a backup: what wrote it (Berth version, schema version, database kind),
 * the row count of every table at the dump's snapshot, and the size and SHA-256 of every file.
 */
public record Manifest(
    int format,
    @JsonProperty("berth_version") String berthVersion,
    @JsonProperty("schema_version") String schemaVersion,
    @JsonProperty("database_kind") String databaseKind,
    Instant created,
    @JsonProperty("data_key_included") boolean dataKeyIncluded,
    @JsonProperty("storage_included") boolean storageIncluded,
    @JsonProperty("row_counts") Map<String, Long> rowCounts,
    List<FileEntry> files) {
  public static final String FILE = "manifest.json";
  public static final int FORMAT = 1;
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** One file of the backup, by its path relative to the backup's directory. */
  public record FileEntry(String path, long size, String sha256) {}

  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }

  public void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(this));
  }

  /** Reads a backup's manifest; the message says what is wrong when it cannot. */
  public static Manifest read(Path dir) throws BackupException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new BackupException(dir + " is not a backup: it has no " + FILE);
    }
    Manifest manifest;
    try {
      manifest = JSON.readValue(Files.readString(file), Manifest.class);
    } catch (IOException | JacksonException e) {
      throw new BackupException("the manifest " + file + " is damaged: " + e.getMessage());
    }
    if (manifest.format() != FORMAT) {
      throw new BackupException(
          "the manifest "
              + file
              + " has format "
              + manifest.format()
              + "; this Berth reads "
              + FORMAT);
    }
    if (manifest.files() == null || manifest.rowCounts() == null) {
      throw new BackupException("the manifest " + file + " is damaged: it lists no files or rows");
    }
    return manifest;
  }
}
