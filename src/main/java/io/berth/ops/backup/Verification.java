package io.berth.ops.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** What verify found: a backup that restores and reads, or what is wrong with it. */
public sealed interface Verification {
  String backup();

  /** Checksums match, the scratch restore has the manifest's row counts, credentials decrypt. */
  record Verified(
      String backup,
      @JsonProperty("row_counts") Map<String, Long> rowCounts,
      @JsonProperty("credentials_read") int credentialsRead)
      implements Verification {}

  /** Each problem names the file or table and what is wrong. */
  record Damaged(String backup, List<String> problems) implements Verification {}
}
