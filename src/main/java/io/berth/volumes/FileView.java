package io.berth.volumes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.runtime.storage.FileEntry;
import java.time.temporal.ChronoUnit;

/**
 * One file of a listing as Tapis shows it ({@code FileModel}): its path relative to the volume's
 * root, its name, {@code type} "file" (or "dir" in a one-folder listing), bytes, {@code
 * lastModified} in UTC to the second and {@code nativePermissions} ({@code rw-r--r--}). The two
 * camelCase names are the spec's own.
 */
public record FileView(
    String path,
    String name,
    String type,
    long size,
    @JsonProperty("lastModified") String lastModified,
    @JsonProperty("nativePermissions") String nativePermissions) {

  public static FileView of(FileEntry entry) {
    String path = entry.path();
    return new FileView(
        path,
        path.substring(path.lastIndexOf('/') + 1),
        entry.directory() ? "dir" : "file",
        entry.size(),
        entry.modificationTime().truncatedTo(ChronoUnit.SECONDS).toString(),
        entry.permissions() == null ? "" : entry.permissions());
  }
}
