package io.berth.runtime.docker.storage;

import io.berth.runtime.StorageNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The id of one storage root, kept in it ({@code storage/.scope}): processes on one database with
 * homes of their own tell their storages apart by it, and processes sharing a home agree on it. The
 * first process to start writes it; a link, not a rename, so two first starts cannot both win.
 */
final class HomeScope {
  private static final Logger log = LoggerFactory.getLogger(HomeScope.class);
  private static final Pattern ID = Pattern.compile("^home-[0-9a-f]{32}$");
  static final String FILE = ".scope";

  private HomeScope() {}

  /** The root's id, made now if it has none. */
  static String of(Path root) {
    Path file = root.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        Path draft = root.resolve(FILE + "." + StorageNames.newUid());
        Files.writeString(draft, "home-" + StorageNames.newUid() + "\n");
        try {
          Files.createLink(file, draft);
        } catch (FileAlreadyExistsException anotherProcessWasFirst) {
          // its id stands
        } finally {
          Files.delete(draft);
        }
      }
      String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (ID.matcher(id).matches()) {
        return id;
      }
      log.warn("{} does not hold a home id ({}); using the home's path instead", file, id);
    } catch (IOException e) {
      // a full or read-only disk: the path tells this home apart on this machine
      log.warn("Cannot read or write {} ({}); using the home's path instead", file, e.toString());
    }
    return fallback(root);
  }

  /** The machine and the path, digested to fit the 64 characters of a scope. */
  private static String fallback(Path root) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest((host + ":" + root.toAbsolutePath()).getBytes(StandardCharsets.UTF_8));
      return "path-" + java.util.HexFormat.of().formatHex(hash, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
