package io.berth.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.JobsProperties;
import io.berth.runtime.storage.ExistingStorage;
import io.berth.testing.MemoryDatabase;
import io.berth.testing.MemoryStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Which storage the sweep removes, on a fake storage and Berth's schema in memory. */
class OrphanStorageSweepTest {
  static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
  static final Duration GRACE = Duration.ofHours(1);

  final MemoryStorage storage = new MemoryStorage();
  final VolumeRepository volumes = new VolumeRepository(MemoryDatabase.migrated());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Snapshots' rows, faked: the storage ids they need. */
  final java.util.Set<String> snapshotRows = new java.util.HashSet<>();

  final StorageReferences snapshots =
      new StorageReferences() {
        @Override
        public String prefix() {
          return "snap-";
        }

        @Override
        public String kind() {
          return "snapshot";
        }

        @Override
        public Set<String> needed(Instant now) {
          return Set.copyOf(snapshotRows);
        }
      };

  OrphanStorageSweep sweep(Duration grace) {
    return new OrphanStorageSweep(
        storage,
        List.of(new VolumeStorageReferences(volumes), snapshots),
        grace,
        Clock.fixed(NOW, ZoneOffset.UTC),
        registry,
        new StaticListableBeanFactory().getBeanProvider(io.berth.ops.jobs.JobScheduler.class),
        new JobsProperties(false, null, null, null, null, null));
  }

  @Test
  void onlyWhatNoRowRefersToAndNothingChangedWithinTheGraceIsAnOrphan() {
    List<ExistingStorage> present =
        List.of(
            new ExistingStorage("vol-t1-recorded", NOW.minus(Duration.ofDays(3))),
            new ExistingStorage("vol-t1-cutshort", NOW.minus(Duration.ofDays(3))),
            new ExistingStorage("vol-t1-inflight", NOW.minusSeconds(5)),
            new ExistingStorage("vol-t1-atthegrace", NOW.minus(GRACE)),
            new ExistingStorage("vol-t1-pastthegrace", NOW.minus(GRACE).minusMillis(1)));
    assertThat(OrphanStorageSweep.orphans(present, Set.of("vol-t1-recorded"), NOW, GRACE))
        .extracting(ExistingStorage::storageId)
        .containsExactly("vol-t1-cutshort", "vol-t1-pastthegrace");
  }

  @Test
  void theSweepRemovesOldUnrecordedVolumeStorageAndCountsIt() {
    volumes.insert(volume("kept", "vol-t1-kept"));
    volumes.insert(volume("frompod", "pod-t1-abc-data0"));
    for (String id : List.of("vol-t1-kept", "vol-t1-orphan", "vol-t1-young", "pod-t1-old-data0")) {
      storage.create(id);
      storage.changedAt(id, NOW.minus(Duration.ofDays(1)));
    }
    storage.changedAt("vol-t1-young", NOW.minus(Duration.ofMinutes(10)));

    assertThat(sweep(GRACE).sweep(NOW, JobLog.standalone("orphan-storage"))).isEqualTo(1);

    assertThat(storage.existing(""))
        .extracting(ExistingStorage::storageId)
        .containsExactly("pod-t1-old-data0", "vol-t1-kept", "vol-t1-young");
    assertThat(removed("volume")).isEqualTo(1);
  }

  @Test
  void snapshotStorageACopyCutShortLeftIsSweptTheSameWayAndCountedApart() {
    snapshotRows.add("snap-t1-kept");
    for (String id : List.of("snap-t1-kept", "snap-t1-orphan", "snap-t1-young", "vol-t1-orphan")) {
      storage.create(id);
      storage.changedAt(id, NOW.minus(Duration.ofDays(1)));
    }
    storage.changedAt("snap-t1-young", NOW.minus(Duration.ofMinutes(10)));

    assertThat(sweep(GRACE).sweep(NOW, JobLog.standalone("orphan-storage"))).isEqualTo(2);

    assertThat(storage.existing(""))
        .extracting(ExistingStorage::storageId)
        .containsExactly("snap-t1-kept", "snap-t1-young");
    assertThat(removed("snapshot")).isEqualTo(1);
    assertThat(removed("volume")).isEqualTo(1);
  }

  double removed(String kind) {
    return registry.get(OrphanStorageSweep.METRIC).tag("kind", kind).counter().count();
  }

  @Test
  void eachSetOfStoragesIsSweptOnItsOwnNotOnlyTheLockWinners() {
    // processes with homes of their own each run the job for their home's storage
    MemoryStorage home =
        new MemoryStorage() {
          @Override
          public String scope() {
            return "home-a";
          }
        };
    OrphanStorageSweep ownHome =
        new OrphanStorageSweep(
            home,
            List.of(new VolumeStorageReferences(volumes)),
            GRACE,
            Clock.fixed(NOW, ZoneOffset.UTC),
            registry,
            new StaticListableBeanFactory().getBeanProvider(io.berth.ops.jobs.JobScheduler.class),
            new JobsProperties(false, null, null, null, null, null));

    assertThat(ownHome.scope()).isEqualTo("home-a");
    assertThat(sweep(GRACE).scope()).isEqualTo(io.berth.ops.jobs.ScheduledJob.WHOLE_SITE);
  }

  @Test
  void aGraceShorterThanACreateCanTakeIsRefusedAtStart() {
    assertThatThrownBy(() -> sweep(Duration.ofSeconds(30)))
        .hasMessageContaining("berth.volumes.orphan-grace must be at least a minute");
  }

  static Volume volume(String id, String storageId) {
    Instant t = NOW.minus(Duration.ofDays(2));
    return new Volume("t1", id, "", 10, "AVAILABLE", t, t, "alice", storageId);
  }
}
