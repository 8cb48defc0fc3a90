package io.berth.ops.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 of files: every regular file under a backup directory, by relative path. */
final class FileDigests {
  private FileDigests() {}

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Every regular file under {@code dir} but the manifest, sorted by path. */
  static List<Manifest.FileEntry> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> regular =
          files
              .filter(Files::isRegularFile)
              .filter(p -> !p.equals(dir.resolve(Manifest.FILE)))
              .sorted()
              .toList();
      List<Manifest.FileEntry> entries = new java.util.ArrayList<>();
      for (Path file : regular) {
        entries.add(new Manifest.FileEntry(relative(dir, file), Files.size(file), sha256(file)));
      }
      return entries;
    }
  }

  static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }
}
