package io.berth.ops.metrics;

import io.berth.config.BerthProperties;
import io.berth.ops.jobs.JobsProperties;
import io.berth.pods.reconcile.ReconcilerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import org.springframework.stereotype.Component;

/**
 * Free and total bytes of the disk holding BERTH_HOME, for the disk-filling alert, exported only by
 * a process that keeps state there (see {@link MetricsProperties}): a proxy replica's BERTH_HOME is
 * scratch space on its node, whose disk is not Berth's. The gauges hold the path strongly:
 * Micrometer's default weak reference would let it be collected (NaN).
 */
@Component
class HomeDiskGauges {
  HomeDiskGauges(
      BerthProperties berth,
      MetricsProperties metrics,
      ReconcilerProperties reconciler,
      JobsProperties jobs,
      MeterRegistry registry) {
    if (!owner(metrics, reconciler, jobs, berth)) {
      return;
    }
    File home = berth.homePath().toFile();
    Gauge.builder("berth.home.disk.free", home, File::getUsableSpace)
        .baseUnit("bytes")
        .description("Usable bytes on the disk holding BERTH_HOME")
        .strongReference(true)
        .register(registry);
    Gauge.builder("berth.home.disk.total", home, File::getTotalSpace)
        .baseUnit("bytes")
        .description("Total bytes of the disk holding BERTH_HOME")
        .strongReference(true)
        .register(registry);
  }

  static boolean owner(
      MetricsProperties metrics,
      ReconcilerProperties reconciler,
      JobsProperties jobs,
      BerthProperties berth) {
    if (metrics.homeDisk() != null) {
      return metrics.homeDisk();
    }
    return reconciler.enabled() || jobs.enabled() || berth.db().embedded();
  }
}
