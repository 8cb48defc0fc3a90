package io.berth.ops.metrics;

import io.berth.config.BerthProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import org.springframework.stereotype.Component;

/**
 * Free and total bytes of the disk holding BERTH_HOME, for the disk-filling alert. The gauges hold
 * the path strongly: Micrometer's default weak reference would let it be collected (NaN).
 */
@Component
class HomeDiskGauges {
  HomeDiskGauges(BerthProperties berth, MeterRegistry registry) {
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
}
