package io.berth.ops.backup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The metrics the alert rules read: {@code berth_backup_last_success_timestamp_seconds}, {@code
 * berth_backup_last_duration_seconds}, {@code berth_backup_last_size_bytes}, {@code
 * berth_backup_failures_total}, {@code berth_restore_drill_last_success_timestamp_seconds} and
 * {@code berth_restore_drill_failures_total}. The last backup's time and size start from the newest
 * backup on disk, so a restart does not look like a missing backup.
 */
@Component
public class BackupMetrics {
  private final AtomicReference<Double> lastSuccess = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> lastDuration = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> lastSize = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> drillLastSuccess = new AtomicReference<>(Double.NaN);
  private final Counter failures;
  private final Counter drillFailures;

  public BackupMetrics(MeterRegistry registry, Backups backups) {
    backups.list().stream()
        .findFirst()
        .ifPresent(b -> {
          lastSuccess.set(seconds(b.manifest().created()));
          lastSize.set((double) b.manifest().totalBytes());
        });
    gauge(
        registry,
        "berth.backup.last.success.timestamp",
        "seconds",
        lastSuccess,
        "When a backup last succeeded (NaN: never)");
    gauge(
        registry,
        "berth.backup.last.duration",
        "seconds",
        lastDuration,
        "How long the last successful backup took");
    gauge(registry, "berth.backup.last.size", "bytes", lastSize, "Size of the newest backup");
    gauge(
        registry,
        "berth.restore.drill.last.success.timestamp",
        "seconds",
        drillLastSuccess,
        "When a restore drill last verified the newest backup");
    failures =
        Counter.builder("berth.backup.failures")
            .description("Backups that failed")
            .register(registry);
    drillFailures =
        Counter.builder("berth.restore.drill.failures")
            .description("Restore drills that failed to verify the newest backup")
            .register(registry);
  }

  void backupSucceeded(Instant at, Duration took, long bytes) {
    lastSuccess.set(seconds(at));
    lastDuration.set(took.toNanos() / 1e9);
    lastSize.set((double) bytes);
  }

  void backupFailed() {
    failures.increment();
  }

  void drillSucceeded(Instant at) {
    drillLastSuccess.set(seconds(at));
  }

  void drillFailed() {
    drillFailures.increment();
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String unit,
      AtomicReference<Double> value,
      String description) {
    Gauge.builder(name, value, AtomicReference::get)
        .baseUnit(unit)
        .description(description)
        .register(registry);
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }
}
