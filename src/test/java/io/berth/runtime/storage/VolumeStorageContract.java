package io.berth.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.runtime.storage.StoragePathException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VolumeStorage} promises the features, whichever adapter holds the bytes: each
 * storage test extends this, as each runtime adapter's test extends {@code
 * ContainerRuntimeContract}. Only the port is used here; what one storage alone does (links a pod
 * plants, claims, helpers) stays in its own test.
 */
public abstract class VolumeStorageContract {
  private static final AtomicInteger ids = new AtomicInteger();

  /** The storage under test, ready for use; the subclass cleans up after each test. */
  protected abstract VolumeStorage storage();

  /** A storage id no other test uses. */
  protected String newVolume() {
    return "vol-contract-v" + ids.incrementAndGet();
  }

  @Test
  void filesGoInAreListedMeasuredAndComeOutWhole() throws IOException {
    String volume = newVolume();
    storage().create(volume, 100);
    byte[] big = new byte[3 * 1024 * 1024 + 123];
    new Random(7).nextBytes(big);
    store(volume, "deep/er/big.bin", big);
    store(volume, "hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8));

    List<FileEntry> files = storage().list(volume);
    assertThat(files).extracting(FileEntry::path).containsExactly("deep/er/big.bin", "hello.txt");
    assertThat(files).extracting(FileEntry::size).containsExactly((long) big.length, 6L);
    // Tapis's nativePermissions, as ls shows them without the type letter
    assertThat(files)
        .extracting(FileEntry::permissions)
        .allMatch(p -> p.matches("[r-][w-][xsS-].{6}"));
    assertThat(files.get(0).modificationTime())
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    VolumeStorage.StoredFile file = storage().read(volume, "deep/er/big.bin");
    assertThat(file.size()).isEqualTo(big.length);
    assertThat(file.name()).isEqualTo("big.bin");
    try (InputStream in = file.open()) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
    assertThat(storage().usage(volume)).isEqualTo(big.length + 6L);
  }

  @Test
  void anUploadReplacesTheFileWhole() {
    String volume = newVolume();
    storage().create(volume, 10);
    store(volume, "a.txt", "first version\n".getBytes(StandardCharsets.UTF_8));
    store(volume, "a.txt", "2\n".getBytes(StandardCharsets.UTF_8));
    assertThat(read(volume, "a.txt")).isEqualTo("2\n");
    assertThat(storage().list(volume)).extracting(FileEntry::path).containsExactly("a.txt");
  }

  @Test
  void badPathsAreRefusedBeforeAnythingIsWritten() {
    String volume = newVolume();
    storage().create(volume, 10);
    for (String bad : List.of("../x", "/etc/passwd", "a/../../b", "./a", "a//b", "x/", "")) {
      assertRefused(() -> storage().checkPath(volume, bad), Reason.INVALID);
      assertRefused(() -> store(volume, bad, new byte[] {1}), Reason.INVALID);
      assertRefused(() -> storage().read(volume, bad), Reason.INVALID);
    }
    assertThatThrownBy(() -> storage().read(volume, "missing.txt"))
        .isInstanceOfSatisfying(
            StoragePathException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING))
        .hasMessage("no file at missing.txt");
    assertThat(storage().list(volume)).isEmpty();
  }

  @Test
  void pathsAtOddsWithTheTreeAreConflicts() {
    String volume = newVolume();
    storage().create(volume, 10);
    store(volume, "made/here/file.txt", "x".getBytes(StandardCharsets.UTF_8));
    assertRefused(() -> store(volume, "made/here/file.txt/under", new byte[] {1}), Reason.CONFLICT);
    assertRefused(() -> store(volume, "made/here", new byte[] {1}), Reason.CONFLICT);
    assertThat(storage().list(volume))
        .extracting(FileEntry::path)
        .containsExactly("made/here/file.txt");
  }

  @Test
  void aCopyOfAPathIsNotReachedByLaterChanges() {
    String volume = newVolume();
    String copy = "snap-contract-s" + ids.incrementAndGet();
    storage().create(volume, 100);
    store(volume, "results/one.txt", "one\n".getBytes(StandardCharsets.UTF_8));
    store(volume, "other.txt", "other\n".getBytes(StandardCharsets.UTF_8));

    storage().createCopy(volume, "results", copy, "", 50);
    store(volume, "results/one.txt", "changed\n".getBytes(StandardCharsets.UTF_8));
    store(volume, "results/two.txt", "two\n".getBytes(StandardCharsets.UTF_8));

    assertThat(storage().list(copy)).extracting(FileEntry::path).containsExactly("one.txt");
    assertThat(read(copy, "one.txt")).isEqualTo("one\n");
    assertThatThrownBy(() -> storage().createCopy(volume, "nope", copy + "x", "", 50))
        .isInstanceOf(StoragePathException.class);
  }

  @Test
  void madeStorageIsFoundByItsPrefixWithWhenItWasMadeUntilDeleted() {
    String volume = newVolume();
    Instant before = Instant.now().minusSeconds(1); // a cluster keeps whole seconds
    storage().create(volume, 10);
    assertThat(storage().existing("vol-contract-"))
        .filteredOn(e -> e.storageId().equals(volume))
        .singleElement()
        .satisfies(e -> assertThat(e.lastChanged()).isBetween(before, Instant.now()));
    assertThat(storage().existing("snap-contract-"))
        .extracting(ExistingStorage::storageId)
        .doesNotContain(volume);
    storage().delete(volume);
    assertThat(storage().existing("vol-contract-"))
        .extracting(ExistingStorage::storageId)
        .doesNotContain(volume);
  }

  @Test
  void foldersAreListedMadeMovedAndRemoved() {
    String volume = newVolume();
    storage().create(volume, 10);
    store(volume, "results/run1/out.txt", "out\n".getBytes(StandardCharsets.UTF_8));
    store(volume, "notes.txt", "n".getBytes(StandardCharsets.UTF_8));
    storage().makeDirectory(volume, "empty/inner");

    assertThat(storage().listFolder(volume, ""))
        .extracting(FileEntry::path, FileEntry::directory, FileEntry::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("empty", true, 0L),
            org.assertj.core.groups.Tuple.tuple("notes.txt", false, 1L),
            org.assertj.core.groups.Tuple.tuple("results", true, 0L));
    assertThat(storage().listFolder(volume, "empty"))
        .extracting(FileEntry::path)
        .containsExactly("empty/inner");
    assertRefused(() -> storage().makeDirectory(volume, "empty/inner"), Reason.CONFLICT);
    assertRefused(() -> storage().makeDirectory(volume, "notes.txt"), Reason.CONFLICT);
    assertRefused(() -> storage().listFolder(volume, "missing"), Reason.MISSING);

    storage().move(volume, "results", "empty/inner/results");
    storage().move(volume, "notes.txt", "renamed.txt");
    assertThat(storage().list(volume))
        .extracting(FileEntry::path)
        .containsExactly("empty/inner/results/run1/out.txt", "renamed.txt");
    assertThat(read(volume, "empty/inner/results/run1/out.txt")).isEqualTo("out\n");
    // a move never replaces, never puts a folder into itself, needs something to move
    assertRefused(() -> storage().move(volume, "renamed.txt", "empty/inner"), Reason.CONFLICT);
    assertRefused(() -> storage().move(volume, "empty", "empty/inner/x"), Reason.INVALID);
    assertRefused(() -> storage().move(volume, "gone.txt", "x.txt"), Reason.MISSING);
    assertRefused(() -> storage().move(volume, "renamed.txt", "../x"), Reason.INVALID);

    storage().remove(volume, "empty");
    assertRefused(() -> storage().remove(volume, "empty"), Reason.MISSING);
    assertRefused(() -> storage().remove(volume, ""), Reason.INVALID);
    assertThat(storage().listFolder(volume, ""))
        .extracting(FileEntry::path)
        .containsExactly("renamed.txt");
    assertThat(storage().usage(volume)).isEqualTo(1);
  }

  protected void store(String volume, String path, byte[] bytes) {
    storage()
        .store(
            volume,
            path,
            (target, room) -> {
              room.claim(bytes.length);
              Files.write(target, bytes);
              return bytes.length;
            },
            claimed -> {});
  }

  protected String read(String volume, String path) {
    try (InputStream in = storage().read(volume, path).open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertRefused(Runnable action, Reason reason) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            StoragePathException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
