package io.berth.ops.backup;

import io.berth.auth.AdminCliToken;
import io.berth.config.HomeLock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code berth backup create | list | verify ID|DIR | restore ID|DIR [--force]}, run from the jar
 * without starting Berth. It reads the same settings as Berth (BERTH_HOME, BERTH_PORT, BERTH_DB_*,
 * BERTH_BACKUP_*). {@code create} asks the running Berth (an online backup, under the job's lock)
 * and makes the backup itself only when no Berth answers; {@code restore} refuses to run while a
 * Berth uses the home it restores into (and a Berth does not start while a restore runs).
 */
public final class BackupCommand {
  private static final String USAGE =
      "usage: berth backup create | list | verify <id|dir|restic:snapshot> | restore <id|dir|restic:snapshot> [--force]";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  BackupCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Runs the command; returns the process exit status (0 done, 1 failed, 2 misused). */
  public static int run(List<String> args) {
    return new BackupCommand(System.getenv(), System.out, System.err).execute(args);
  }

  int execute(List<String> args) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    try {
      return switch (args.getFirst()) {
        case "create" -> create();
        case "list" -> list();
        case "verify" -> args.size() == 2 ? verify(args.get(1)) : usage();
        case "restore" -> restore(args.subList(1, args.size()));
        default -> usage();
      };
    } catch (BackupException e) {
      err.println("berth backup: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("berth backup: " + e.getMessage());
      return 2;
    }
  }

  private int usage() {
    err.println(USAGE);
    return 2;
  }

  private int create() throws BackupException {
    Path tokenFile = home().resolve("keys").resolve(AdminCliToken.FILE);
    String base = "http://127.0.0.1:" + setting("BERTH_PORT", "8080");
    if (Files.isRegularFile(tokenFile)) {
      try {
        String token = Files.readString(tokenFile).trim();
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/v3/admin/backups"))
                        .header(AdminCliToken.HEADER, token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofHours(6))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        if (response.statusCode() != 200) {
          throw new BackupException(body.path("message").asString());
        }
        out.println(body.path("result").path("backup").path("path").asString());
        return 0;
      } catch (ConnectException e) {
        err.println(
            "berth backup: no Berth answers at " + base + ": making the backup here (offline)");
      } catch (IOException e) {
        throw new BackupException("asking Berth at " + base + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackupException("interrupted", e);
      }
    }
    Backups.Created created = backups().create();
    out.println(created.backup().path());
    return 0;
  }

  private int list() {
    Backups backups = backups();
    for (Backup b : backups.list()) {
      Manifest m = b.manifest();
      out.printf(
          "%s  %s  %s  schema %s  %d bytes  %s%n",
          b.id(), m.created(), m.databaseKind(), m.schemaVersion(), m.totalBytes(), b.path());
    }
    return 0;
  }

  private int verify(String backup) throws BackupException {
    return switch (backups().verify(backup, true)) {
      case Verification.Verified ok -> {
        out.println(
            ok.backup()
                + ": verified ("
                + ok.rowCounts()
                + "; "
                + ok.credentialsRead()
                + " credentials decrypted)");
        yield 0;
      }
      case Verification.Damaged damaged -> {
        err.println(damaged.backup() + ": DAMAGED");
        damaged.problems().forEach(p -> err.println("  " + p));
        yield 1;
      }
    };
  }

  private int restore(List<String> args) throws BackupException {
    boolean force = args.contains("--force");
    List<String> rest = args.stream().filter(a -> !a.equals("--force")).toList();
    if (rest.size() != 1) {
      return usage();
    }
    // the home it restores into is asked, not a port: another site's Berth may answer there
    try (HomeLock lock = HomeLock.exclusive(home())) {
      backups().restore(rest.getFirst(), force);
    } catch (HomeLock.InUseException e) {
      throw new BackupException(e.getMessage());
    } catch (IOException e) {
      throw new BackupException("cannot lock " + home() + ": " + e.getMessage(), e);
    }
    out.println("restored " + rest.getFirst() + " into " + home());
    return 0;
  }

  Backups backups() {
    Path home = home();
    SiteLayout layout =
        new SiteLayout(
            home,
            new SiteLayout.Database(
                setting("BERTH_DB_URL", ""),
                setting("BERTH_DB_USER", ""),
                setting("BERTH_DB_PASSWORD", "")),
            Path.of(setting("BERTH_TEMPLATES_DIR", home.resolve("templates").toString()))
                .toAbsolutePath());
    BackupProperties properties =
        new BackupProperties(
            setting("BERTH_BACKUP_DIRECTORY", ""),
            Boolean.valueOf(setting("BERTH_BACKUP_INCLUDE_STORAGE", "true")),
            null,
            null,
            new BackupProperties.Retention(
                integer("BERTH_BACKUP_RETENTION_KEEP_LAST"),
                integer("BERTH_BACKUP_RETENTION_KEEP_DAILY"),
                integer("BERTH_BACKUP_RETENTION_KEEP_WEEKLY"),
                integer("BERTH_BACKUP_RETENTION_KEEP_MONTHLY")),
            new BackupProperties.Restic(
                setting("BERTH_BACKUP_RESTIC_REPOSITORY", ""),
                setting("BERTH_BACKUP_RESTIC_PASSWORD_FILE", "")));
    String zone = setting("BERTH_JOBS_TIME_ZONE", ZoneId.systemDefault().getId());
    return new Backups(
        layout, properties, setting("BERTH_DATA_KEY", ""), Clock.systemUTC(), ZoneId.of(zone));
  }

  private Path home() {
    return Path.of(setting("BERTH_HOME", "./.berth")).toAbsolutePath().normalize();
  }

  private String setting(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private Integer integer(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }
}
