package io.berth.processes.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.processes.run.JobTimings.Phase;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobTimingsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final JobTimings timings = new JobTimings(registry);

  Timer timer(String phase) {
    return registry.get("berth.processes.job.phase").tag("phase", phase).timer();
  }

  @Test
  void everyPhaseHasATimerWithAFewFixedBuckets() {
    for (Phase phase : Phase.values()) {
      Timer timer = timer(phase.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(timer.takeSnapshot().histogramCounts()).hasSize(8);
    }
  }

  @Test
  void aPhaseIsRecordedAndANegativeSpanCountsAsZero() {
    timings.record("j1", Phase.VOLUME, Duration.ofMillis(300));
    timings.record("j1", Phase.NOTICE, Duration.ofMillis(-5));
    timings.done("j1");

    assertThat(timer("volume").count()).isEqualTo(1);
    assertThat(timer("volume").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
    CountAtBucket[] buckets = timer("volume").takeSnapshot().histogramCounts();
    assertThat(buckets[3].bucket(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(buckets[3].count()).isZero();
    assertThat(buckets[4].count()).isEqualTo(1);
    assertThat(timer("notice").totalTime(TimeUnit.MILLISECONDS)).isZero();
    assertThat(timer("notice").count()).isEqualTo(1);
  }
}
