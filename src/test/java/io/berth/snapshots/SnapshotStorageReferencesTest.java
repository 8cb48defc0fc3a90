package io.berth.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.MemoryDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Which snapshot storage rows still need, on Berth's schema in memory. */
class SnapshotStorageReferencesTest {
  static final Instant NOW = Instant.parse("2026-12-06T23:00:00Z");

  final JdbcClient jdbc = MemoryDatabase.migrated();
  final SnapshotRepository rows = new SnapshotRepository(jdbc);
  final SnapshotStorageReferences references =
      new SnapshotStorageReferences(jdbc, new SnapshotsProperties(null, Duration.ofHours(6)));

  @Test
  void aCopyStillBeingTakenIsNeededOneAbandonedIsNot() {
    rows.insert(snapshot("taken", "AVAILABLE", NOW.minus(Duration.ofDays(3))));
    rows.insert(snapshot("taking", Snapshot.CREATING, NOW.minus(Duration.ofHours(5))));
    rows.insert(snapshot("abandoned", Snapshot.CREATING, NOW.minus(Duration.ofHours(7))));

    assertThat(references.needed(NOW)).containsExactlyInAnyOrder("snap-t1-taken", "snap-t1-taking");
    assertThat(references.prefix()).isEqualTo("snap-");
  }

  static Snapshot snapshot(String id, String status, Instant updated) {
    return new Snapshot(
        "t1", id, "vol1", "", "", "", 10, 0, status, updated, updated, "alice", "snap-t1-" + id);
  }
}
