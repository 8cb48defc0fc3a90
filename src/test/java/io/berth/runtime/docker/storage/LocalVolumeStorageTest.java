package io.berth.runtime.docker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.BerthProperties;
import io.berth.runtime.MountSources;
import io.berth.runtime.MountSpec;
import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.storage.ExistingStorage;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.StoragePathException.Reason;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.runtime.storage.VolumeStorageContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Local storage against a real filesystem, as a hostile pod would leave it: links, files where
 * directories belong, FIFOs, very deep trees, and a tree changing while Berth works in it. Plain
 * directories here (no filesystem per volume); the API tests cover those.
 */
class LocalVolumeStorageTest extends VolumeStorageContract {
  static final String VOLUME = "vol-t-files";

  Path home;
  LocalVolumeStorage storage;
  Path data;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createTempDirectory("berth-storage-test");
    storage = newStorage();
    storage.create(VOLUME, 10);
    data = home.resolve("storage").resolve(VOLUME).resolve("data");
    outside = Files.createDirectories(home.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "site private key");
  }

  /** rm, not the JDK's walk: a tree deeper than PATH_MAX may be left by a failed test. */
  @AfterEach
  void tearDown() throws Exception {
    new ProcessBuilder("rm", "-rf", "--one-file-system", home.toString()).start().waitFor();
  }

  LocalVolumeStorage newStorage() {
    return new LocalVolumeStorage(new BerthProperties(home.toString(), 0, "t", null), false);
  }

  @Override
  protected VolumeStorage storage() {
    return storage;
  }

  @Test
  void whatACreateCutShortLeftIsFoundAndDeleted() throws IOException {
    // killed while mkfs wrote the image, and after the image was made but before it was mounted
    Path images = Files.createDirectories(home.resolve("filesystems"));
    Files.write(images.resolve("vol-t-inmkfs.ext4.new"), new byte[512]);
    Files.write(images.resolve("vol-t-unmounted.ext4"), new byte[512]);
    Files.writeString(images.resolve("vol-t-unmounted.limit"), "1048576");
    Instant old = Instant.parse("2026-01-01T00:00:00Z");
    Files.setLastModifiedTime(images.resolve("vol-t-unmounted.ext4"), FileTime.from(old));
    Files.setLastModifiedTime(images.resolve("vol-t-unmounted.limit"), FileTime.from(old));

    assertThat(storage.existing("vol-t-"))
        .extracting(ExistingStorage::storageId)
        .containsExactly(VOLUME, "vol-t-inmkfs", "vol-t-unmounted");
    assertThat(storage.existing("vol-t-unm"))
        .singleElement()
        .isEqualTo(new ExistingStorage("vol-t-unmounted", old));

    storage.delete("vol-t-inmkfs");
    storage.delete("vol-t-unmounted");
    assertThat(storage.existing("vol-t-"))
        .extracting(ExistingStorage::storageId)
        .containsExactly(VOLUME);
    try (var left = Files.list(images)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void filesGoInAndOutAndTakeTheOwnerOfTheVolumesRoot() throws IOException {
    Files.setAttribute(data, "unix:uid", 1000);
    Files.setAttribute(data, "unix:gid", 1001);
    store("docs/deeper/readme.txt", "hello");
    Path file = data.resolve("docs/deeper/readme.txt");
    assertThat(file).hasContent("hello");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(1001);
    assertThat((Integer) Files.getAttribute(file, "unix:mode") & 07777).isEqualTo(0664);
    for (Path dir : List.of(data.resolve("docs"), data.resolve("docs/deeper"))) {
      assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(1000);
      assertThat(Files.getAttribute(dir, "unix:gid")).isEqualTo(1001);
      assertThat((Integer) Files.getAttribute(dir, "unix:mode") & 07777).isEqualTo(02775);
    }
    assertThat(read("docs/deeper/readme.txt")).isEqualTo("hello");
    assertThat(storage.list(VOLUME))
        .extracting(FileEntry::path)
        .containsExactly("docs/deeper/readme.txt");
    assertThat(storage.list(VOLUME).get(0).modificationTime())
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    assertThat(storage.usage(VOLUME)).isEqualTo(5);
    assertThat(Files.list(data.resolveSibling("staging"))).isEmpty();
  }

  @Test
  void linksAreNeverFollowedAndNothingOutsideIsTouched() throws IOException {
    Files.createSymbolicLink(data.resolve("link"), outside);
    Files.createSymbolicLink(data.resolve("secret"), outside.resolve("secret"));
    assertRefused(() -> store("link/planted", "x"), Reason.OUTSIDE, "symbolic link");
    assertRefused(() -> read("link/secret"), Reason.OUTSIDE, "symbolic link");
    assertRefused(() -> read("secret"), Reason.OUTSIDE, "not a regular file");
    assertRefused(() -> storage.checkPath(VOLUME, "link/planted"), Reason.OUTSIDE, "link");
    // replacing a link with a file renames over the link, never writes through it
    store("secret", "replaced");
    assertThat(outside.resolve("secret")).hasContent("site private key");
    assertThat(Files.isSymbolicLink(data.resolve("secret"))).isFalse();
    assertThat(outside.resolve("planted")).doesNotExist();
    assertThat(storage.list(VOLUME)).extracting(FileEntry::path).containsExactly("secret");
  }

  @Test
  void folderOperationsNeverGoThroughALinkAndRemoveALinkNotItsTarget() throws IOException {
    Files.createSymbolicLink(data.resolve("link"), outside);
    store("mine.txt", "mine");
    assertRefused(() -> storage.listFolder(VOLUME, "link"), Reason.OUTSIDE, "symbolic link");
    assertRefused(() -> storage.remove(VOLUME, "link/secret"), Reason.OUTSIDE, "symbolic link");
    assertRefused(() -> storage.makeDirectory(VOLUME, "link/x"), Reason.OUTSIDE, "symbolic link");
    assertRefused(() -> storage.move(VOLUME, "link/secret", "s"), Reason.OUTSIDE, "link");
    assertRefused(() -> storage.move(VOLUME, "mine.txt", "link/m"), Reason.OUTSIDE, "link");
    assertThat(storage.listFolder(VOLUME, ""))
        .extracting(FileEntry::path)
        .containsExactly("mine.txt");
    storage.remove(VOLUME, "link");
    assertThat(exists(data.resolve("link"))).isFalse();
    assertThat(outside.resolve("secret")).hasContent("site private key");
    assertThat(Files.list(data.resolveSibling("staging"))).isEmpty();
  }

  @Test
  void pathsAtOddsWithTheTreeOrTheKernelAreRefusedCleanly() throws Exception {
    store("a", "a file");
    Files.createDirectories(data.resolve("dir"));
    assertRefused(() -> store("a/b", "x"), Reason.CONFLICT, "a is a file");
    assertRefused(() -> storage.checkPath(VOLUME, "a/b"), Reason.CONFLICT, "a is a file");
    assertRefused(() -> store("dir", "x"), Reason.CONFLICT, "dir is a directory");
    assertRefused(() -> storage.checkPath(VOLUME, "dir"), Reason.CONFLICT, "is a directory");
    assertRefused(() -> store("n".repeat(300), "x"), Reason.INVALID, "longer than 255 bytes");
    assertRefused(
        () -> store("d/".repeat(3000) + "f", "x"), Reason.INVALID, "longer than 4095 bytes");
    assertRefused(() -> read("nothing/here"), Reason.MISSING, "no file at nothing");
    assertRefused(() -> read("dir"), Reason.CONFLICT, "is a directory");
    // a FIFO would block a reader for ever: it is refused at once
    Process mkfifo = new ProcessBuilder("mkfifo", data.resolve("fifo").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    assertRefused(() -> read("fifo"), Reason.OUTSIDE, "not a regular file");
    assertThat(Files.list(data.resolveSibling("staging"))).isEmpty();
    assertThat(storage.list(VOLUME)).extracting(FileEntry::path).containsExactly("a");
  }

  @Test
  void aTreeFiveThousandLevelsDeepIsListedMeasuredAndDeleted() throws Exception {
    // no path of it fits in PATH_MAX: grown by moving it under 50 new levels, 100 times
    String fifty = "d/".repeat(49) + "d";
    Process mk =
        new ProcessBuilder(
                "sh",
                "-c",
                "mkdir t && echo deep > t/f && for i in $(seq 100); do mkdir -p n/"
                    + fifty
                    + " && mv t n/"
                    + fifty
                    + "/t && mv n t; done && mv t d")
            .directory(data.toFile())
            .redirectErrorStream(true)
            .start();
    String made = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mk.waitFor()).as(made).isZero();
    List<FileEntry> files = storage.list(VOLUME);
    assertThat(files).hasSize(1);
    assertThat(files.get(0).path()).hasSizeGreaterThan(10_000).endsWith("t/f");
    assertThat(storage.usage(VOLUME)).isEqualTo(5);
    // tar cannot recreate a path over PATH_MAX: refused by name, not a server error
    assertRefused(
        () -> storage.createCopy(VOLUME, "", "snap-t-deep", "", 10),
        Reason.INVALID,
        "longer than Linux allows");
    storage.delete(VOLUME);
    storage.delete("snap-t-deep");
    assertThat(home.resolve("storage").resolve(VOLUME)).doesNotExist();
    assertThat(home.resolve("storage").resolve("snap-t-deep")).doesNotExist();
  }

  @Test
  void aCopyNeverFollowsTheSourcesLinks() throws IOException {
    store("results/one.txt", "one");
    Files.createSymbolicLink(data.resolve("results/escape"), outside);
    Files.createSymbolicLink(data.resolve("linked"), outside);
    storage.createCopy(VOLUME, "results", "snap-t-s1", "", 10);
    Path copy = home.resolve("storage/snap-t-s1/data");
    assertThat(copy.resolve("one.txt")).hasContent("one");
    assertThat(Files.isSymbolicLink(copy.resolve("escape"))).isTrue(); // kept as a link
    assertThat(storage.list("snap-t-s1")).extracting(FileEntry::path).containsExactly("one.txt");
    assertThatThrownBy(() -> storage.createCopy(VOLUME, "linked", "snap-t-s2", "", 10))
        .isInstanceOf(StoragePathException.class);
    assertThat(home.resolve("storage/snap-t-s2/data/secret")).doesNotExist();
  }

  @Test
  void storagesOfTheFirstLayoutAreMovedIntoTheirDataDirectory() throws IOException {
    Path old = home.resolve("storage").resolve("vol-t-old");
    Files.createDirectories(old.resolve(".berth-staging"));
    Files.writeString(old.resolve("kept.txt"), "kept");
    storage = newStorage();
    assertThat(old.resolve("data/kept.txt")).hasContent("kept");
    assertThat(old.resolve("data/.berth-staging")).doesNotExist();
    assertThat(storage.list("vol-t-old")).extracting(FileEntry::path).containsExactly("kept.txt");
  }

  @Test
  void aSubPathThatIsALinkIsNeverMountedAndOthersArePinned() throws IOException {
    Files.createSymbolicLink(data.resolve("keys"), outside);
    MountSpec linked = new MountSpec(VOLUME, "keys", "/keys", false);
    assertThatThrownBy(() -> storage.prepare("berth-t-p", List.of(linked)))
        .isInstanceOf(RuntimeFailure.class)
        .hasMessageContaining("sub_path keys is a symbolic link");
    Files.createDirectories(data.resolve("ok/inner"));
    Files.createSymbolicLink(data.resolve("ok/inner/escape"), outside);
    MountSpec sub = new MountSpec(VOLUME, "ok/inner", "/srv", false);
    MountSpec whole = new MountSpec("pod-t-p-data0", "", "/data", false);
    Path pinned;
    try (MountSources.Prepared prepared = storage.prepare("berth-t-p", List.of(sub, whole))) {
      pinned = prepared.source(sub);
      assertThat(pinned).startsWith(home.resolve("storage-pins"));
      assertThat(Files.getAttribute(pinned, "unix:ino"))
          .isEqualTo(Files.getAttribute(data.resolve("ok/inner"), "unix:ino"));
      assertThat(prepared.source(whole)).isEqualTo(home.resolve("storage/pod-t-p-data0/data"));
      assertThat(prepared.source(whole)).isDirectory();
    }
    assertThat(pinned).doesNotExist();
  }

  /**
   * A pod swaps a directory for a link to a host directory as fast as it can while Berth stores
   * into it and reads from it: every answer is a file of the volume or a refusal, never the host's.
   */
  @Test
  void aTreeChangingUnderUploadsAndDownloadsNeverLeadsOutside() throws Exception {
    Path swap = data.resolve("swap");
    Files.createDirectories(swap);
    Files.writeString(swap.resolve("secret"), "volume file");
    Path aside = data.resolve("aside");
    AtomicBoolean running = new AtomicBoolean(true);
    Thread pod =
        Thread.ofPlatform()
            .start(() -> {
              Path link = data.resolve("link");
              while (running.get()) {
                try {
                  Files.deleteIfExists(link);
                  Files.createSymbolicLink(link, outside);
                  Files.move(swap, aside);
                  Files.move(link, swap);
                  Files.move(swap, link);
                  Files.move(aside, swap);
                } catch (IOException e) {
                  // a step raced Berth's own rename: go on swapping
                }
              }
            });
    AtomicInteger stored = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger edited = new AtomicInteger();
    Instant end = Instant.now().plus(Duration.ofSeconds(3));
    try {
      while (Instant.now().isBefore(end)) {
        try {
          store("swap/planted", "x");
          stored.incrementAndGet();
        } catch (StoragePathException e) {
          refused.incrementAndGet();
        }
        try {
          assertThat(read("swap/secret")).isEqualTo("volume file");
        } catch (StoragePathException e) {
          refused.incrementAndGet();
        }
        String name = "swap/made" + edited.incrementAndGet();
        try {
          // the file browser's operations, each refused or done inside the volume
          storage.makeDirectory(VOLUME, name);
          storage.move(VOLUME, name, name + "-moved");
          storage.listFolder(VOLUME, "swap");
          storage.remove(VOLUME, name + "-moved");
        } catch (StoragePathException e) {
          refused.incrementAndGet();
        }
      }
    } finally {
      running.set(false);
      pod.join();
    }
    assertThat(outside.resolve("planted")).doesNotExist();
    assertThat(Files.list(outside)).hasSize(1);
    assertThat(outside.resolve("secret")).hasContent("site private key");
    assertThat(stored.get()).isPositive();
    assertThat(refused.get()).isPositive();
  }

  void store(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    storage.store(
        VOLUME,
        path,
        (target, room) -> {
          Files.write(target, bytes);
          return bytes.length;
        },
        bytes1 -> {});
  }

  String read(String path) {
    try (InputStream in = storage.read(VOLUME, path).open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertRefused(Runnable action, Reason reason, String message) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            StoragePathException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
