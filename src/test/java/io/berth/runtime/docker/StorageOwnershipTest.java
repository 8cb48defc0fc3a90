package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ownership changes need root: this runs where the integration tests run (as root). */
class StorageOwnershipTest {
  static final long FIRST = IdMapping.DEFAULT_HOST_ID_BASE;
  final IdMapping tenant = IdMapping.forSlot(FIRST, 3);
  final StorageOwnership ownership = new StorageOwnership(FIRST);
  @TempDir Path dir;
  Path storage;
  Path outside;

  @BeforeEach
  void root() throws IOException {
    assumeTrue(uid(Path.of("/proc/self")) == 0, "needs root");
    storage = Files.createDirectories(dir.resolve("storage"));
    Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwxr-xr-x"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "host file");
  }

  @Test
  void aNewStorageGoesToThePodsUserAndTheStorageGroupGroupWritable() throws IOException {
    ownership.prepare(storage, "", tenant, 1000, 100);
    assertThat(uid(storage)).isEqualTo(tenant.host(1000));
    assertThat(gid(storage)).isEqualTo(tenant.host(100));
    assertThat(mode(storage) & 07777).isEqualTo(02775);
  }

  @Test
  void storageFromBeforeUserNamespacesMovesIntoTheRangeWithoutFollowingLinks() throws IOException {
    Path data = Files.createDirectories(storage.resolve("pgdata"));
    Files.writeString(data.resolve("table"), "rows");
    Files.setAttribute(data, "unix:uid", 999);
    Files.setAttribute(data.resolve("table"), "unix:uid", 999);
    Files.createSymbolicLink(storage.resolve("escape"), outside);
    ownership.prepare(storage, "", tenant, 0, 100);
    assertThat(uid(data)).isEqualTo(tenant.host(999));
    assertThat(uid(data.resolve("table"))).isEqualTo(tenant.host(999));
    assertThat(uid(storage.resolve("escape"))).isZero(); // links are neither followed nor changed
    assertThat(uid(outside)).isZero();
    assertThat(uid(outside.resolve("secret"))).isZero();
  }

  @Test
  void aSubPathThroughALinkIsNotFollowed() throws IOException {
    Files.createSymbolicLink(storage.resolve("keys"), outside);
    ownership.prepare(storage, "keys", tenant, 1000, 100);
    assertThat(uid(outside)).isZero();
    assertThat(uid(outside.resolve("secret"))).isZero();
  }

  @Test
  void aSubPathBerthMadeGoesToThePodsUserAndTheRestIsLeftOnceInRange() throws IOException {
    Path sub = Files.createDirectories(storage.resolve("results/2024"));
    ownership.prepare(storage, "results/2024", tenant, 1000, 100);
    assertThat(uid(sub)).isEqualTo(tenant.host(1000));
    assertThat(uid(storage.resolve("results"))).isEqualTo(tenant.host(1000));
    Files.setAttribute(sub, "unix:uid", (int) tenant.host(0)); // the pod's root took it over
    ownership.prepare(storage, "results/2024", tenant, 1000, 100);
    assertThat(uid(sub)).isEqualTo(tenant.host(0));
  }

  static long uid(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        & 0xFFFF_FFFFL;
  }

  static long gid(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))
        & 0xFFFF_FFFFL;
  }

  static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }
}
