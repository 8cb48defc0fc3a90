package io.berth.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.ops.jobs.JobLog;
import io.berth.permissions.AccessList;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.Resource;
import io.berth.pods.PodRules;
import io.berth.testing.FakeClock;
import io.berth.testing.MemoryStorage;
import io.berth.volumes.VolumeRepository;
import io.berth.volumes.VolumeService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Snapshot schedules on an in-memory database with Berth's schema and a clock the test moves: a
 * copy at each due instant, once, whatever the number of processes; missed instants give one copy;
 * the retention policy prunes; an abandoned copy is removed; bad crons and policies get a 400.
 */
class ScheduledSnapshotsTest {
  static final Instant START = Instant.parse("2026-12-06T10:20:00Z");
  static final SnapshotsProperties PROPERTIES =
      new SnapshotsProperties(Duration.ofMinutes(15), Duration.ofHours(6));
  final Caller alice = new Caller("t1", "alice", Set.of());
  final SnapshotsInMemory site = new SnapshotsInMemory();
  final MemoryStorage storage = site.storage;
  final JdbcClient jdbc = site.jdbc;
  final SnapshotRepository repository = site.repository;
  final VolumeRepository volumeRepository = site.volumeRepository;
  final FakeClock clock = new FakeClock(START);
  final SnapshotService snapshots = site.snapshots(PROPERTIES, clock);

  @BeforeEach
  void setUp() {
    site.volume(alice, "data", Map.of("out.txt", "first"));
  }

  /** One Berth process's job: its own objects on the shared database. */
  ScheduledSnapshots process() {
    return new ScheduledSnapshots(
        new SnapshotScheduleRepository(jdbc),
        repository,
        volumeRepository,
        site.snapshots(PROPERTIES, clock),
        PROPERTIES,
        clock);
  }

  SnapshotView schedule(String id, String cron, String retention) {
    return snapshots.create(
        alice, new NewSnapshot(id, "data", null, null, "nightly", null, cron, retention));
  }

  List<String> copies() {
    return repository.listTenant("t1").stream()
        .map(Snapshot::snapshotId)
        .filter(id -> !id.equals("hourly"))
        .toList();
  }

  void runAt(String instant) {
    clock.set(Instant.parse(instant));
    process().run(JobLog.standalone(ScheduledSnapshots.NAME));
  }

  /** Alice's snapshot of her volume, left CREATING at START (as a dead process leaves one). */
  static Snapshot creating(String snapshotId, String storageId) {
    return new Snapshot(
        "t1",
        snapshotId,
        "data",
        "",
        "",
        "",
        10,
        0,
        Snapshot.CREATING,
        START,
        START,
        "alice",
        storageId);
  }

  @Test
  void aCopyIsTakenAtEachDueInstantOnceAndShownAsTheSchedulesOwners() {
    SnapshotView hourly = schedule("hourly", "0 * * * *", "");
    assertThat(hourly.cron()).isEqualTo("0 * * * *");
    runAt("2026-12-06T10:59:59Z");
    assertThat(copies()).isEmpty();
    runAt("2026-12-06T11:00:05Z");
    runAt("2026-12-06T11:00:30Z");
    assertThat(copies()).containsExactly("hourly20261206110000");
    Snapshot copy = repository.find("t1", "hourly20261206110000").orElseThrow();
    assertThat(copy.status()).isEqualTo("AVAILABLE");
    assertThat(copy.sizeBytes()).isEqualTo(5);
    assertThat(new AccessList(jdbc).list(Resource.snapshot("t1", copy.snapshotId())))
        .containsExactly("alice:ADMIN");
    runAt("2026-12-06T12:00:01Z");
    assertThat(copies()).containsExactly("hourly20261206110000", "hourly20261206120000");
  }

  @Test
  void aCopyIsSharedAsItsScheduleIsAndReadableByWhoeverMayReadTheVolume() {
    VolumeService volumes = site.volumes;
    volumes.grant(alice, "data", new PermissionGrant("bob", "READ"));
    volumes.grant(alice, "data", new PermissionGrant("carol", "USER"));
    volumes.grant(alice, "data", new PermissionGrant("dave", "ADMIN"));
    schedule("hourly", "0 * * * *", "");
    snapshots.grant(alice, "hourly", new PermissionGrant("erin", "USER"));
    snapshots.grant(alice, "hourly", new PermissionGrant("dave", "ADMIN"));
    runAt("2026-12-06T11:00:05Z");
    assertThat(new AccessList(jdbc).list(Resource.snapshot("t1", "hourly20261206110000")))
        .containsExactly("alice:ADMIN", "bob:READ", "carol:READ", "dave:ADMIN", "erin:USER");
    Caller bob = new Caller("t1", "bob", Set.of());
    assertThat(snapshots.files(bob, "hourly20261206110000")).isNotEmpty();
  }

  @Test
  void twoProcessesAtTheSameInstantTakeOneCopy() throws Exception {
    schedule("hourly", "0 * * * *", "");
    clock.set(Instant.parse("2026-12-06T11:00:01Z"));
    ScheduledSnapshots first = process();
    ScheduledSnapshots second = process();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread a = Thread.ofVirtual().start(() -> run(first, failures));
    Thread b = Thread.ofVirtual().start(() -> run(second, failures));
    a.join();
    b.join();
    assertThat(failures).isEmpty();
    assertThat(copies()).containsExactly("hourly20261206110000");
  }

  static void run(ScheduledSnapshots process, List<Throwable> failures) {
    try {
      process.run(JobLog.standalone(ScheduledSnapshots.NAME));
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  @Test
  void ofTwoProcessesThatReadTheSameDueRunOnlyOneTakesIt() {
    schedule("hourly", "0 * * * *", "");
    Instant now = Instant.parse("2026-12-06T11:00:01Z");
    SnapshotScheduleRepository.Due seenByA =
        new SnapshotScheduleRepository(jdbc).due(now, 10).getFirst();
    SnapshotScheduleRepository.Due seenByB =
        new SnapshotScheduleRepository(jdbc).due(now, 10).getFirst();
    Instant next = seenByA.schedule().next(now).orElseThrow();
    assertThat(new SnapshotScheduleRepository(jdbc).claim(seenByA, next)).isTrue();
    assertThat(new SnapshotScheduleRepository(jdbc).claim(seenByB, next)).isFalse();
    // and a copy of that instant taken twice anyway is refused by its name
    Snapshot schedule = repository.find("t1", "hourly").orElseThrow();
    var source = volumeRepository.find("t1", "data").orElseThrow();
    snapshots.takeScheduledCopy(schedule, source, "hourly20261206110000");
    assertThatThrownBy(() -> snapshots.takeScheduledCopy(schedule, source, "hourly20261206110000"))
        .hasMessageContaining("already exists");
  }

  @Test
  void afterADowntimeOneCopyIsTakenAndTheScheduleGoesOnFromNow() {
    schedule("hourly", "0 * * * *", "");
    runAt("2026-12-06T16:30:00Z");
    runAt("2026-12-06T16:40:00Z");
    assertThat(copies()).containsExactly("hourly20261206110000");
    runAt("2026-12-06T17:00:00Z");
    assertThat(copies()).hasSize(2).contains("hourly20261206170000");
  }

  @Test
  void theRetentionPolicyPrunesTheOldestScheduledCopiesOnly() {
    snapshots.create(alice, new NewSnapshot("byhand", "data", null, null, "", null, null, null));
    schedule("hourly", "0 * * * *", "keep_last=2");
    for (int hour = 11; hour <= 14; hour++) {
      runAt("2026-12-06T" + hour + ":00:00Z");
    }
    assertThat(copies())
        .containsExactlyInAnyOrder("byhand", "hourly20261206130000", "hourly20261206140000");
    snapshots.update(alice, "hourly", new SnapshotUpdate(null, null, "keep_days=1"));
    runAt("2026-12-07T13:30:00Z");
    // the copy due at 15:00 is taken now; the one of 13:00 yesterday is past a day, 14:00's is not
    assertThat(copies())
        .containsExactlyInAnyOrder("byhand", "hourly20261206140000", "hourly20261206150000");
  }

  @Test
  void aCopyLeftUnfinishedByADeadProcessIsRemovedLater() {
    schedule("hourly", "0 * * * *", "");
    Snapshot parent = repository.find("t1", "hourly").orElseThrow();
    repository.insert(creating("hourly20261206090000", "snap-dead"), parent.snapshotId());
    storage.create("snap-dead");
    runAt("2026-12-06T12:00:00Z");
    assertThat(copies()).contains("hourly20261206090000");
    runAt("2026-12-06T16:30:00Z");
    assertThat(copies()).doesNotContain("hourly20261206090000");
    assertThat(storage.exists("snap-dead")).isFalse();
  }

  @Test
  void aHandMadeSnapshotLeftCreatingWhoseStorageIsGoneIsRemovedLater() {
    // a create cut short by a dead process; the orphan-storage sweep took its storage since
    repository.insert(creating("byhand", "snap-gone"));
    runAt("2026-12-06T12:00:00Z");
    assertThat(repository.find("t1", "byhand")).isPresent();
    runAt("2026-12-06T16:30:00Z");
    assertThat(repository.find("t1", "byhand")).isEmpty();
    assertThat(snapshots.list(alice)).isEmpty();
  }

  @Test
  void deletingTheScheduleStopsItAndKeepsItsCopies() {
    schedule("hourly", "0 * * * *", "keep_last=1");
    runAt("2026-12-06T11:00:00Z");
    snapshots.delete(alice, "hourly");
    runAt("2026-12-06T12:00:00Z");
    assertThat(copies()).containsExactly("hourly20261206110000");
    assertThat(repository.copiesOf("t1", "hourly")).isEmpty();
  }

  @Test
  void badSchedulesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> schedule("bad", "every day", ""))
        .hasMessageStartingWith("Field cron: 'every day' is not a cron expression");
    assertThatThrownBy(() -> schedule("bad", "* * * * *", ""))
        .hasMessageStartingWith("Field cron: '* * * * *' takes a snapshot every 60 s");
    assertThatThrownBy(() -> schedule("bad", "", "keep_last=2"))
        .hasMessage("Field retention_policy applies to the copies a cron takes: give cron too.");
    assertThatThrownBy(() -> schedule("bad", "@daily", "keep_last=0"))
        .hasMessageStartingWith("Field retention_policy: keep_last must be a whole number");
    assertThatThrownBy(() -> schedule("bad", "@daily", "keep=3"))
        .hasMessageStartingWith("Field retention_policy: 'keep=3' is not a rule");
    assertThat(repository.listTenant("t1")).isEmpty();
    assertThat(schedule("daily", "@daily", "keep_days=7, keep_last=3").retentionPolicy())
        .isEqualTo("keep_last=3,keep_days=7");
  }

  @Test
  void copyNamesFitTheSnapshotIdRule() {
    String id = ScheduledSnapshots.copyId("a".repeat(64), Instant.parse("2026-12-06T11:00:00Z"));
    assertThat(id).hasSize(64).endsWith("20261206110000").matches(PodRules.POD_ID);
  }
}
