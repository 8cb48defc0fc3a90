package io.berth.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.permissions.AccessList;
import io.berth.permissions.PermissionGrant;
import io.berth.runtime.storage.FileEntry;
import io.berth.testing.MemoryStorage;
import io.berth.volumes.VolumeRepository;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The snapshot use cases without Spring: volumes and snapshots on an in-memory database with
 * Berth's schema, the real permission rules, and a behavioural fake of the storage port.
 */
class SnapshotServiceTest {
  final Caller alice = new Caller("t1", "alice", Set.of());
  final Caller bob = new Caller("t1", "bob", Set.of());
  final SnapshotsInMemory site = new SnapshotsInMemory();
  final MemoryStorage storage = site.storage;
  final JdbcClient jdbc = site.jdbc;
  final VolumeRepository volumeRepository = site.volumeRepository;
  final SnapshotRepository repository = site.repository;
  final VolumeService volumes = site.volumes;
  final SnapshotService snapshots =
      site.snapshots(new SnapshotsProperties(null, null), Clock.systemUTC());

  @BeforeEach
  void setUp() {
    site.volume(alice, "data", Map.of("runs/1/out.txt", "first", "runs/2/out.txt", "second"));
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static NewSnapshot snapshot(String id, String volume, String path, Integer sizeLimit) {
    return new NewSnapshot(id, volume, path, null, "a copy", sizeLimit, null, null);
  }

  static HttpStatus status(Runnable call) {
    try {
      call.run();
      return HttpStatus.OK;
    } catch (ApiException e) {
      return e.status();
    }
  }

  @Test
  void aSnapshotIsACopyOfThePathAskedThatLaterChangesDoNotReach() throws IOException {
    SnapshotView taken = snapshots.create(alice, snapshot("snap", "data", "/runs/1/", null));
    assertThat(taken.status()).isEqualTo("AVAILABLE");
    assertThat(taken.sourceVolumePath()).isEqualTo("runs/1");
    assertThat(taken.sizeLimit()).isEqualTo(10);
    assertThat(repository.find("t1", "snap").orElseThrow().sizeBytes()).isEqualTo(5);
    String volumeStorage = volumeRepository.find("t1", "data").orElseThrow().storageId();
    storage.put(volumeStorage, "runs/1/out.txt", text("changed"));
    assertThat(snapshots.files(alice, "snap"))
        .extracting(FileEntry::path)
        .containsExactly("out.txt");
    try (var in = snapshots.download(alice, "snap", "out.txt").open()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
    }
    assertThat(snapshots.permissions(alice, "snap")).containsExactly("alice:ADMIN");
  }

  @Test
  void badRequestsAreRefusedNamingTheFieldAndLeaveNothingBehind() {
    assertThatThrownBy(() -> snapshots.create(alice, snapshot("snap", null, null, null)))
        .hasMessage("Field source_volume_id is required.");
    assertThatThrownBy(() -> snapshots.create(alice, snapshot("snap", "data", "../etc", null)))
        .hasMessage("Field source_volume_path must be a path inside the volume, without '..'.");
    assertThatThrownBy(() -> snapshots.create(alice, snapshot("snap", "data", null, 0)))
        .hasMessage("Field size_limit must be from 1 to 102400 MB.");
    assertThatThrownBy(() -> snapshots.create(alice, snapshot("snap", "data", "runs/9", null)))
        .hasMessageStartingWith("Field source_volume_path: ");
    assertThat(repository.listTenant("t1")).isEmpty();
    snapshots.create(alice, snapshot("snap", "data", null, null));
    assertThatThrownBy(() -> snapshots.create(alice, snapshot("snap", "data", null, null)))
        .hasMessage("Field snapshot_id: a snapshot named snap already exists.");
  }

  @Test
  void aSnapshotOverItsSizeLimitIsNotKept() {
    String volumeStorage = volumeRepository.find("t1", "data").orElseThrow().storageId();
    storage.put(volumeStorage, "big.bin", new byte[2 * 1024 * 1024]);
    assertThatThrownBy(() -> snapshots.create(alice, snapshot("snap", "data", null, 1)))
        .hasMessage("The snapshot does not fit its size_limit of 1 MB; nothing was kept.")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(repository.find("t1", "snap")).isEmpty();
    assertThat(status(() -> snapshots.permissions(alice, "snap"))).isEqualTo(HttpStatus.NOT_FOUND);
    // only the volume's own storage is left
    assertThat(storage.exists(volumeStorage)).isTrue();
    assertThat(storage.usage(volumeStorage)).isPositive();
  }

  @Test
  void takingASnapshotNeedsUserOnTheVolume() {
    assertThatThrownBy(() -> snapshots.create(bob, snapshot("snap", "data", null, null)))
        .hasMessage("Volume data not found.");
    volumes.grant(alice, "data", new PermissionGrant("bob", "READ"));
    assertThat(status(() -> snapshots.create(bob, snapshot("snap", "data", null, null))))
        .isEqualTo(HttpStatus.FORBIDDEN);
    volumes.grant(alice, "data", new PermissionGrant("bob", "USER"));
    snapshots.create(bob, snapshot("snap", "data", null, null));
    // the snapshot is bob's: alice, ADMIN of the volume, holds nothing on it
    assertThat(snapshots.permissions(bob, "snap")).containsExactly("bob:ADMIN");
    assertThat(snapshots.list(alice)).isEmpty();
    assertThat(status(() -> snapshots.get(alice, "snap"))).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void describingAndDeletingFollowTheSnapshotsOwnGrants() {
    snapshots.create(alice, snapshot("snap", "data", null, null));
    String storageId = repository.find("t1", "snap").orElseThrow().storageId();
    assertThat(snapshots.update(alice, "snap", new SnapshotUpdate("a copy", null, null)).changed())
        .isFalse();
    assertThatThrownBy(() -> snapshots.update(alice, "snap", new SnapshotUpdate(null, null, null)))
        .hasMessageStartingWith("Incoming data made no changes to snapshot.");
    snapshots.grant(alice, "snap", new PermissionGrant("bob", "USER"));
    assertThat(
            snapshots
                .update(bob, "snap", new SnapshotUpdate("renamed", null, null))
                .result()
                .description())
        .isEqualTo("renamed");
    assertThat(status(() -> snapshots.delete(bob, "snap"))).isEqualTo(HttpStatus.FORBIDDEN);
    snapshots.delete(alice, "snap");
    assertThat(repository.find("t1", "snap")).isEmpty();
    assertThat(storage.exists(storageId)).isFalse();
    assertThat(new AccessList(jdbc).list(io.berth.permissions.Resource.snapshot("t1", "snap")))
        .isEmpty();
  }
}
