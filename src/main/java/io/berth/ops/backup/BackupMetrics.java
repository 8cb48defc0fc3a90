package io.berth.ops.backup;

import io.berth.ops.jobs.JobsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The metrics the alert rules read: {@code berth_backup_last_success_timestamp_seconds}, {@code
 * berth_backup_last_duration_seconds}, {@code berth_backup_last_size_bytes}, {@code
 * berth_backup_failures_total}, {@code berth_restore_drill_last_success_timestamp_seconds} and
 * {@code berth_restore_drill_failures_total}. The last backup's time and size start from the newest
 * backup on disk, so a restart does not look like a missing backup; a timestamp is 0 when there was
 * never one (NaN would keep the too-old alert silent). The gauges belong to the process that runs
 * the scheduled jobs (or that made a backup itself): a process without them, such as a proxy
 * replica, would report "never" for backups it is not meant to make.
 */
@Component
public class BackupMetrics {
  private final MeterRegistry registry;
  private final AtomicReference<Double> lastSuccess = new AtomicReference<>(0.0);
  private final AtomicReference<Double> lastDuration = new AtomicReference<>(0.0);
  private final AtomicReference<Double> lastSize = new AtomicReference<>(0.0);
  private final AtomicReference<Double> drillLastSuccess = new AtomicReference<>(0.0);
  private final AtomicBoolean gauges = new AtomicBoolean();
  private final Counter failures;
  private final Counter drillFailures;

  public BackupMetrics(MeterRegistry registry, Backups backups, JobsProperties jobs) {
    this.registry = registry;
    backups.list().stream()
        .findFirst()
        .ifPresent(b -> {
          lastSuccess.set(seconds(b.manifest().created()));
          lastSize.set((double) b.manifest().totalBytes());
        });
    failures =
        Counter.builder("berth.backup.failures")
            .description("Backups that failed")
            .register(registry);
    drillFailures =
        Counter.builder("berth.restore.drill.failures")
            .description("Restore drills that failed to verify the newest backup")
            .register(registry);
    if (jobs.enabled()) {
      registerGauges();
    }
  }

  void backupSucceeded(Instant at, Duration took, long bytes) {
    lastSuccess.set(seconds(at));
    lastDuration.set(took.toNanos() / 1e9);
    lastSize.set((double) bytes);
    registerGauges();
  }

  void backupFailed() {
    failures.increment();
  }

  void drillSucceeded(Instant at) {
    drillLastSuccess.set(seconds(at));
    registerGauges();
  }

  void drillFailed() {
    drillFailures.increment();
  }

  private void registerGauges() {
    if (!gauges.compareAndSet(false, true)) {
      return;
    }
    gauge(
        "berth.backup.last.success.timestamp",
        "seconds",
        lastSuccess,
        "When a backup last succeeded (Unix time; 0: never)");
    gauge(
        "berth.backup.last.duration",
        "seconds",
        lastDuration,
        "How long the last successful backup took (0: none yet)");
    gauge("berth.backup.last.size", "bytes", lastSize, "Size of the newest backup (0: none)");
    gauge(
        "berth.restore.drill.last.success.timestamp",
        "seconds",
        drillLastSuccess,
        "When a restore drill last verified the newest backup (Unix time; 0: never)");
  }

  private void gauge(String name, String unit, AtomicReference<Double> value, String description) {
    Gauge.builder(name, value, AtomicReference::get)
        .baseUnit(unit)
        .description(description)
        .register(registry);
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }
}
