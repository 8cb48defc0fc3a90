package io.berth.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps BERTH_HOME private to the account Berth runs as: it holds the database (pods' environment,
 * logs and action logs), the site keys, Berth's logs, backups and users' data. The home and Berth's
 * directories in it are made 0700 and Berth's own files in {@code db}, {@code logs} and {@code
 * keys} 0600, at every start (so a site made by an older Berth is tightened too). Runs before
 * logging starts, so the log file is private from its first line. Files created later land in these
 * 0700 directories; the process umask is left alone, because the storage pods mount needs modes of
 * its own (which the storage code sets).
 */
public class PrivateHome implements EnvironmentPostProcessor, Ordered {
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** Berth's directories whose files are Berth's own (not users' data). */
  private static final List<String> OWN_FILES = List.of("db", "logs", "keys");

  /** Made when missing (storage before the storage code makes it); the others when they exist. */
  private static final List<String> ALWAYS = List.of("logs", "keys", "storage");

  private static final List<String> DIRECTORIES =
      List.of("db", "logs", "keys", "storage", "backups", "engine", "templates");

  private final Log log;

  public PrivateHome(DeferredLogFactory logs) {
    this.log = logs.getLog(PrivateHome.class);
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication app) {
    Path home = Path.of(environment.getProperty("berth.home", "./.berth")).toAbsolutePath();
    try {
      secure(home.normalize());
    } catch (IOException | UncheckedIOException e) {
      log.warn("BERTH_HOME " + home + " could not be made private (0700/0600): " + e.getMessage());
    }
  }

  /** After the configuration is read (BERTH_HOME may come from it), before logging starts. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** Creates the home and Berth's directories private and tightens what is already there. */
  public static void secure(Path home) throws IOException {
    privateDirectory(home);
    for (String name : DIRECTORIES) {
      Path dir = home.resolve(name);
      if (ALWAYS.contains(name)) {
        privateDirectory(dir);
      } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        chmod(dir, DIRECTORY);
      }
      if (OWN_FILES.contains(name)) {
        privateFiles(dir);
      }
    }
    Path logFile = home.resolve("logs").resolve("berth.log");
    if (!Files.exists(logFile, LinkOption.NOFOLLOW_LINKS) && posix(home)) {
      Files.createFile(logFile, PosixFilePermissions.asFileAttribute(FILE));
    }
  }

  /** Makes every regular file directly in {@code dir} 0600; links are left alone. */
  public static void privateFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          chmod(file, FILE);
        }
      }
    }
  }

  private static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    chmod(dir, DIRECTORY);
  }

  private static void chmod(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (posix(path)
        && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean posix(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView("posix");
  }
}
