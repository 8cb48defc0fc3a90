package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.ops.jobs.JobsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the backup gauges say before any backup, and which process exports them. */
class BackupMetricsTest {
  @TempDir Path home;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void neverIsZeroNotNaN() {
    new BackupMetrics(registry, backups(), jobs(true));

    // time() - NaN > 26h is never true: a site that never made a backup would not be told
    assertThat(registry.get("berth.backup.last.success.timestamp").gauge().value()).isZero();
    assertThat(registry.get("berth.restore.drill.last.success.timestamp").gauge().value()).isZero();
    assertThat(registry.get("berth.backup.last.size").gauge().value()).isZero();
  }

  @Test
  void aProcessWithoutTheJobsRoleExportsNoBackupGaugesUntilItMakesABackup() {
    BackupMetrics metrics = new BackupMetrics(registry, backups(), jobs(false));
    assertThat(registry.find("berth.backup.last.success.timestamp").gauge()).isNull();

    metrics.backupSucceeded(Instant.ofEpochSecond(1_800_000_000L), Duration.ofSeconds(3), 42);

    assertThat(registry.get("berth.backup.last.success.timestamp").gauge().value())
        .isEqualTo(1.8e9);
    assertThat(registry.get("berth.backup.last.size").gauge().value()).isEqualTo(42);
  }

  private static JobsProperties jobs(boolean enabled) {
    return new JobsProperties(enabled, null, null, null, null, null);
  }

  private Backups backups() {
    return new Backups(
        new SiteLayout(home, new SiteLayout.Database(null, null, null), home.resolve("templates")),
        new BackupProperties(null, null, null, null, null, null),
        null,
        Clock.systemUTC(),
        ZoneOffset.UTC);
  }
}
