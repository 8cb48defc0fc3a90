package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UsageCacheTest {
  final AtomicInteger measures = new AtomicInteger();

  long measure() {
    return 100L * measures.incrementAndGet();
  }

  @Test
  void aSizeIsReusedUntilForgotten() {
    UsageCache cache = new UsageCache(Duration.ofMinutes(1));
    assertThat(cache.get("vol-t-a", this::measure)).isEqualTo(100);
    assertThat(cache.get("vol-t-a", this::measure)).isEqualTo(100);
    assertThat(cache.get("vol-t-b", this::measure)).isEqualTo(200);
    cache.forget("vol-t-a");
    assertThat(cache.get("vol-t-a", this::measure)).isEqualTo(300);
    cache.forgetIf(id -> id.startsWith("vol-t-"));
    assertThat(cache.get("vol-t-b", this::measure)).isEqualTo(400);
  }

  @Test
  void aZeroTimeToLiveMeasuresEveryTime() {
    UsageCache cache = new UsageCache(Duration.ZERO);
    cache.get("vol-t-a", this::measure);
    cache.get("vol-t-a", this::measure);
    assertThat(measures).hasValue(2);
  }
}
