package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup sent to a local restic repository comes back from it for verify and restore. */
class ResticTargetIT {
  @TempDir Path root;

  @Test
  void backupGoesToResticAndComesBack() throws Exception {
    assumeThat(onPath("restic"))
        .as("restic is not installed (apt-get install restic): the restic target is not tested")
        .isTrue();
    Path home = Files.createDirectories(root.resolve("home"));
    try (var c = DriverManager.getConnection(H2Dump.url(home.resolve("db")), "berth", "")) {
      c.createStatement()
          .execute(
              "create table pod_credentials (tenant varchar(64), pod_id varchar(64),"
                  + " user_password_enc varchar(512), admin_password_enc varchar(512))");
      c.createStatement().execute("create table notes (id int primary key)");
      c.createStatement().execute("insert into notes values (1), (2), (3)");
    }
    Files.createDirectories(home.resolve("keys"));
    Files.writeString(
        home.resolve("keys/data.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));
    Path password = Files.writeString(root.resolve("restic-password"), "not-a-real-secret\n");
    BackupProperties properties =
        new BackupProperties(
            null,
            true,
            null,
            null,
            null,
            new BackupProperties.Restic(root.resolve("repo").toString(), password.toString()));

    Backups.Created created = backups(home, properties).create();
    assertThat(created.resticSnapshot()).matches("[0-9a-f]{8,64}");

    Verification verified =
        backups(home, properties).verify("restic:" + created.resticSnapshot(), true);
    assertThat(verified).isInstanceOf(Verification.Verified.class);
    assertThat(((Verification.Verified) verified).rowCounts()).containsEntry("notes", 3L);

    Path restored = root.resolve("restored");
    backups(restored, properties).restore("restic:" + created.resticSnapshot(), false);
    try (var c =
            DriverManager.getConnection(
                H2Dump.url(restored.resolve("db")) + ";IFEXISTS=TRUE", "berth", "");
        var rs = c.createStatement().executeQuery("select count(*) from notes")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(3);
    }
    assertThat(restored.resolve("keys/data.key"))
        .hasSameTextualContentAs(home.resolve("keys/data.key"));
  }

  private static Backups backups(Path home, BackupProperties properties) {
    return new Backups(
        new SiteLayout(home, new SiteLayout.Database(null, null, null), home.resolve("templates")),
        properties,
        null,
        Clock.systemUTC(),
        ZoneOffset.UTC);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
