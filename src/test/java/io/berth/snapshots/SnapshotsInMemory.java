package io.berth.snapshots;

import io.berth.auth.Caller;
import io.berth.permissions.AccessList;
import io.berth.permissions.Permissions;
import io.berth.pods.LifetimeProperties;
import io.berth.pods.PodRepository;
import io.berth.pods.PodRules;
import io.berth.pods.PodsProperties;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.quotas.QuotasProperties;
import io.berth.testing.MemoryDatabase;
import io.berth.testing.MemoryStorage;
import io.berth.volumes.NewVolume;
import io.berth.volumes.VolumeRepository;
import io.berth.volumes.VolumeService;
import io.berth.volumes.VolumesProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Volumes and snapshots without Spring: an in-memory database with Berth's schema, the real
 * permission rules, a behavioural fake of the storage port and quotas that always have room.
 */
final class SnapshotsInMemory {
  final JdbcClient jdbc = MemoryDatabase.migrated();
  final MemoryStorage storage = new MemoryStorage();
  final VolumeRepository volumeRepository = new VolumeRepository(jdbc);
  final SnapshotRepository repository = new SnapshotRepository(jdbc);
  final Permissions permissions = new Permissions(new AccessList(jdbc));
  final PodRules rules =
      new PodRules(new PodsProperties(null, null, null, null), LifetimeProperties.defaults());
  final VolumeService volumes =
      new VolumeService(
          volumeRepository,
          permissions,
          storage,
          rules,
          new PodRepository(jdbc, JsonMapper.builder().build()),
          new VolumesProperties(null, null),
          null,
          new Quotas(null, new QuotasProperties(null, null, null, null), List.of()) {
            @Override
            public void requireRoomNow(String tenant, String user, Map<Quota, Long> adding) {}

            @Override
            public void requireRoom(String tenant, String user, Map<Quota, Long> adding) {}
          },
          TransactionOperations.withoutTransaction());

  /** The snapshot use cases over this database and storage. */
  SnapshotService snapshots(SnapshotsProperties properties, Clock clock) {
    return new SnapshotService(
        repository,
        permissions,
        storage,
        volumes,
        rules,
        new SnapshotScheduleRepository(jdbc),
        properties,
        clock);
  }

  /** The owner's new volume of {@code id} (10 MB), holding {@code files} (path, text). */
  void volume(Caller owner, String id, Map<String, String> files) {
    volumes.create(owner, new NewVolume(id, null, 10));
    String storageId = volumeRepository.find(owner.tenant(), id).orElseThrow().storageId();
    files.forEach(
        (path, text) -> storage.put(storageId, path, text.getBytes(StandardCharsets.UTF_8)));
  }
}
