package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.JobsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreDrillJobTest {
  @TempDir Path home;

  @Test
  void aFailingDrillRaisesTheFailureMetric() throws Exception {
    Backups backups = backups();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BackupMetrics metrics = new BackupMetrics(registry, backups, jobs());
    RestoreDrillJob drill = new RestoreDrillJob(backups, metrics, properties(), Clock.systemUTC());

    assertThatThrownBy(() -> drill.run(JobLog.standalone("restore-drill")))
        .hasMessageContaining("there is no backup");

    assertThat(registry.get("berth.restore.drill.failures").counter().count()).isEqualTo(1.0);
    // 0, not NaN: "never" must compare as old in the alert rules
    assertThat(registry.get("berth.restore.drill.last.success.timestamp").gauge().value()).isZero();
  }

  @Test
  void aDamagedNewestBackupFailsTheDrill() throws Exception {
    Path damaged =
        Files.createDirectories(home.resolve("backups").resolve("berth-20260101T000000Z"));
    Files.writeString(damaged.resolve(Manifest.FILE), "{ not json");
    Backups backups = backups();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RestoreDrillJob drill =
        new RestoreDrillJob(
            backups, new BackupMetrics(registry, backups, jobs()), properties(), Clock.systemUTC());

    // a backup whose manifest is unreadable is not listed: the drill finds nothing to restore
    assertThatThrownBy(() -> drill.run(JobLog.standalone("restore-drill")))
        .isInstanceOf(BackupException.class);
    assertThat(registry.get("berth.restore.drill.failures").counter().count()).isEqualTo(1.0);
  }

  private Backups backups() {
    return new Backups(
        new SiteLayout(home, new SiteLayout.Database(null, null, null), home.resolve("templates")),
        properties(),
        null,
        Clock.systemUTC(),
        ZoneOffset.UTC);
  }

  static JobsProperties jobs() {
    return new JobsProperties(null, null, null, null, null, null);
  }

  private static BackupProperties properties() {
    return new BackupProperties(null, null, null, null, null, null);
  }
}
