package io.berth.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.permissions.AccessList;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.Permissions;
import io.berth.pods.PodRepository;
import io.berth.pods.PodRules;
import io.berth.pods.PodsProperties;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.quotas.QuotasProperties;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.testing.MemoryDatabase;
import io.berth.testing.MemoryStorage;
import io.berth.web.ApiException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * The volume use cases without Spring: an in-memory database with Berth's schema, the real
 * permission rules, and a behavioural fake of the storage port.
 */
class VolumeServiceTest {
  static final int MB = 1024 * 1024;
  final Caller alice = new Caller("t1", "alice", Set.of());
  final Caller bob = new Caller("t1", "bob", Set.of());
  final List<String> quotaChecks = new ArrayList<>();
  RuntimeException refusedUnderLock;
  final MemoryStorage storage = new MemoryStorage();
  JdbcClient jdbc;
  VolumeRepository repository;
  VolumeService volumes;
  Quotas quotas;

  @BeforeEach
  void setUp() {
    jdbc = MemoryDatabase.migrated();
    repository = new VolumeRepository(jdbc);
    quotas =
        new Quotas(null, new QuotasProperties(null, null, null, null), List.of()) {
          @Override
          public void requireRoomNow(String tenant, String user, Map<Quota, Long> adding) {}

          @Override
          public void requireRoom(String tenant, String user, Map<Quota, Long> adding) {
            quotaChecks.add(user + " " + adding);
            if (refusedUnderLock != null) {
              throw refusedUnderLock;
            }
          }
        };
    volumes = service(storage, repository);
  }

  static HttpStatus status(Runnable call) {
    try {
      call.run();
      return HttpStatus.OK;
    } catch (ApiException e) {
      return e.status();
    }
  }

  String storageId(String id) {
    return repository.find("t1", id).orElseThrow().storageId();
  }

  @Test
  void fileBrowserChangesNeedUserAndNameTheRuleTheyBreak() {
    VolumeFiles files = new VolumeFiles(volumes, storage);
    volumes.create(alice, new NewVolume("data", null, 10));
    storage.put(storageId("data"), "a.txt", "a".getBytes());
    volumes.grant(alice, "data", new PermissionGrant("bob", "READ"));
    assertThat(files.folder(bob, "data", "")).extracting(f -> f.path()).containsExactly("a.txt");
    assertThat(status(() -> files.remove(bob, "data", "a.txt"))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(status(() -> files.makeDirectory(bob, "data", "d"))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(status(() -> files.move(bob, "data", "a.txt", "b.txt")))
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThatThrownBy(() -> files.move(alice, "data", "a.txt", " "))
        .hasMessageContaining("Field destination_path is required");
    assertThatThrownBy(() -> files.move(alice, "data", "a.txt", "/etc/x"))
        .hasMessageStartingWith("Field destination_path: path /etc/x must be relative");
    assertThat(status(() -> files.move(alice, "data", "gone.txt", "b.txt")))
        .isEqualTo(HttpStatus.NOT_FOUND);
    files.makeDirectory(alice, "data", "d");
    assertThat(status(() -> files.makeDirectory(alice, "data", "d")))
        .isEqualTo(HttpStatus.CONFLICT);
    files.move(alice, "data", "a.txt", "d/a.txt");
    assertThat(storage.list(storageId("data")))
        .extracting(f -> f.path())
        .containsExactly("d/a.txt");
    files.remove(alice, "data", "d");
    assertThat(status(() -> files.remove(alice, "data", "d"))).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(status(() -> files.folder(bob, "nothing", ""))).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aNewVolumeIsStoredWithItsStorageAndItsCreatorAsAdmin() {
    VolumeView created = volumes.create(alice, new NewVolume("data", "my data", 10));
    assertThat(created.volumeId()).isEqualTo("data");
    assertThat(created.sizeLimit()).isEqualTo(10);
    assertThat(created.status()).isEqualTo("AVAILABLE");
    assertThat(storage.exists(storageId("data"))).isTrue();
    assertThat(volumes.permissions(alice, "data")).containsExactly("alice:ADMIN");
    assertThat(quotaChecks).containsExactly("alice {VOLUME_MB=10}");
    assertThat(volumes.get(alice, "data")).isEqualTo(created);
  }

  @Test
  void badOrDuplicateRequestsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> volumes.create(alice, new NewVolume("big", null, 101)))
        .hasMessage("Field size_limit must be from 1 to 100 MB.");
    assertThatThrownBy(() -> volumes.create(alice, new NewVolume("zero", null, 0)))
        .hasMessage("Field size_limit must be from 1 to 100 MB.");
    assertThat(status(() -> volumes.create(alice, new NewVolume("a b", null, 1))))
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(repository.listTenant("t1")).isEmpty();
    volumes.create(alice, new NewVolume("data", null, 1));
    assertThatThrownBy(() -> volumes.create(bob, new NewVolume("data", null, 1)))
        .isInstanceOf(ApiException.class)
        .hasMessage("Field volume_id: a volume named data already exists.");
  }

  @Test
  void othersSeeNothingUntilGrantedAndThenOnlyWhatTheirLevelAllows() {
    volumes.create(alice, new NewVolume("data", null, 10));
    volumes.create(bob, new NewVolume("bobs", null, 10));
    assertThat(volumes.list(bob)).extracting(VolumeView::volumeId).containsExactly("bobs");
    assertThatThrownBy(() -> volumes.get(bob, "data")).hasMessage("Volume data not found.");
    volumes.grant(alice, "data", new PermissionGrant("bob", "READ"));
    assertThat(volumes.get(bob, "data").volumeId()).isEqualTo("data");
    assertThat(volumes.list(bob)).extracting(VolumeView::volumeId).contains("data", "bobs");
    assertThat(status(() -> volumes.update(bob, "data", new VolumeUpdate("mine now", null))))
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(status(() -> volumes.delete(bob, "data"))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(volumes.revoke(alice, "data", "bob")).containsExactly("alice:ADMIN");
    assertThat(status(() -> volumes.get(bob, "data"))).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aSizeLimitIsNotShrunkBelowWhatTheVolumeHolds() {
    volumes.create(alice, new NewVolume("data", null, 10));
    storage.put(storageId("data"), "big.bin", new byte[3 * MB]);
    assertThatThrownBy(() -> volumes.update(alice, "data", new VolumeUpdate(null, 2)))
        .hasMessage(
            "Field size_limit: volume data holds 3.0 MB, more than the 2 MB asked; remove files"
                + " first.");
    assertThat(volumes.update(alice, "data", new VolumeUpdate(null, 10)).changed())
        .as("the size it has already: no change, answered as Tapis does (200)")
        .isFalse();
    assertThatThrownBy(() -> volumes.update(alice, "data", new VolumeUpdate(null, null)))
        .hasMessageStartingWith("Incoming data made no changes to volume.");
    VolumeView shrunk = volumes.update(alice, "data", new VolumeUpdate("smaller", 4)).result();
    assertThat(shrunk.sizeLimit()).isEqualTo(4);
    assertThat(shrunk.description()).isEqualTo("smaller");
    assertThat(shrunk.size()).isEqualTo(3);
    assertThat(storage.resized).containsExactly(storageId("data") + " 4");
    assertThat(quotaChecks).last().asString().isEqualTo("alice {VOLUME_MB=-6}");
  }

  @Test
  void anUploadPastTheSizeLimitStoresNothing() {
    volumes.create(alice, new NewVolume("data", null, 1));
    Volume v = volumes.beforeUpload(alice, "data", "a.bin");
    assertThat(volumes.upload(v, "a.bin", -1, upload(MB / 2))).isEqualTo(MB / 2);
    assertThatThrownBy(() -> volumes.upload(v, "b.bin", -1, upload(MB)))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("The upload would exceed the size_limit of volume data (1 MB")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(volumes.files(alice, "data")).extracting(f -> f.path()).containsExactly("a.bin");
    assertThatThrownBy(() -> volumes.beforeUpload(alice, "data", "../x"))
        .hasMessageStartingWith("Path refused:");
    assertThatThrownBy(() -> volumes.download(alice, "data", "nope.txt"))
        .hasMessage("File nope.txt not found.");
  }

  @Test
  void deletingAVolumeForgetsItsRowItsGrantsAndItsStorage() {
    volumes.create(alice, new NewVolume("data", null, 1));
    String storageId = storageId("data");
    volumes.grant(alice, "data", new PermissionGrant("bob", "ADMIN"));
    volumes.delete(bob, "data");
    assertThat(repository.find("t1", "data")).isEmpty();
    assertThat(storage.exists(storageId)).isFalse();
    volumes.create(alice, new NewVolume("data", null, 1));
    assertThat(volumes.permissions(alice, "data")).containsExactly("alice:ADMIN");
  }

  @Test
  void aCreateRefusedAfterItsStorageWasMadeRemovesThatStorage() {
    refusedUnderLock = ApiException.forbidden("Quota volume_mb exceeded.");
    assertThat(status(() -> volumes.create(alice, new NewVolume("quota", null, 1))))
        .isEqualTo(HttpStatus.FORBIDDEN);
    refusedUnderLock = new PessimisticLockingFailureException("lock timeout");
    assertThatThrownBy(() -> volumes.create(alice, new NewVolume("locked", null, 1)))
        .isInstanceOf(PessimisticLockingFailureException.class); // answered 503 by the handler
    refusedUnderLock = null;
    // the same id recorded between the first check and the insert (another request won the race)
    VolumeService racing = racedBy(volume -> repository.insert(volume));
    assertThat(status(() -> racing.create(alice, new NewVolume("raced", null, 1))))
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(storage.existing("vol-"))
        .extracting(e -> e.storageId())
        .containsExactly(storageId("raced"));
  }

  @Test
  void storageThatCannotBeRemovedAfterARefusalDoesNotHideTheRefusal() {
    refusedUnderLock = ApiException.forbidden("Quota volume_mb exceeded.");
    MemoryStorage stuck =
        new MemoryStorage() {
          @Override
          public void delete(String storageId) {
            throw new IllegalStateException("device busy");
          }
        };
    VolumeService service = service(stuck, repository);
    assertThat(status(() -> service.create(alice, new NewVolume("quota", null, 1))))
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(stuck.existing("vol-")).hasSize(1); // left to the orphaned storage sweep
  }

  /** A service whose insert finds the id taken by {@code racer}, run just before it. */
  VolumeService racedBy(java.util.function.Consumer<Volume> racer) {
    VolumeRepository raced =
        new VolumeRepository(jdbc) {
          @Override
          public void insert(Volume v) {
            racer.accept(
                new Volume(
                    v.tenant(),
                    v.volumeId(),
                    "",
                    1,
                    "AVAILABLE",
                    v.creationTs(),
                    v.updateTs(),
                    "bob",
                    "vol-t1-" + "0".repeat(32)));
            storage.create("vol-t1-" + "0".repeat(32));
            super.insert(v);
          }

          @Override
          public java.util.Optional<Volume> find(String tenant, String volumeId) {
            return java.util.Optional.empty(); // both checks pass: the insert meets the race
          }
        };
    return service(storage, raced);
  }

  VolumeService service(VolumeStorage storage, VolumeRepository repository) {
    return new VolumeService(
        repository,
        new Permissions(new AccessList(jdbc)),
        storage,
        new PodRules(
            new PodsProperties(null, null, null, null),
            io.berth.pods.LifetimeProperties.defaults()),
        new PodRepository(jdbc, JsonMapper.builder().build()),
        new VolumesProperties(null, 100),
        new UploadBudgets(),
        quotas,
        TransactionOperations.withoutTransaction());
  }

  static VolumeStorage.Upload upload(int bytes) {
    return (target, room) -> {
      room.claim(bytes);
      Files.write(target, new byte[bytes]);
      return bytes;
    };
  }
}
