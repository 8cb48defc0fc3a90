package io.berth.ops.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A backup as the admin API lists it: the manifest's summary, not its file list. */
public record BackupView(
    String id,
    String path,
    Instant created,
    @JsonProperty("berth_version") String berthVersion,
    @JsonProperty("schema_version") String schemaVersion,
    @JsonProperty("database_kind") String databaseKind,
    @JsonProperty("size_bytes") long sizeBytes,
    int files,
    @JsonProperty("storage_included") boolean storageIncluded) {

  static BackupView of(Backup backup) {
    Manifest m = backup.manifest();
    return new BackupView(
        backup.id(),
        backup.path().toString(),
        m.created(),
        m.berthVersion(),
        m.schemaVersion(),
        m.databaseKind(),
        m.totalBytes(),
        m.files().size(),
        m.storageIncluded());
  }

  /** What a create returns. */
  public record Created(
      BackupView backup,
      @JsonProperty("restic_snapshot") String resticSnapshot,
      @JsonProperty("removed_by_retention") java.util.List<String> removed) {}
}
