package io.berth.ops.metrics;

import io.berth.work.PeriodicTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code berth_pods{tenant,status}}: how many pods each tenant has in each status, refreshed from
 * the database every 15 s (one grouped query) so a scrape never waits on the store. The counts are
 * the site's, the same from every process: only the process with the reconciler role exports them,
 * so that a sum over the scraped processes counts each pod once.
 */
@Component
@ConditionalOnProperty(
    name = "berth.reconciler.enabled",
    havingValue = "true",
    matchIfMissing = true)
class PodCountGauges extends PeriodicTask {
  private static final Logger log = LoggerFactory.getLogger(PodCountGauges.class);

  private final JdbcClient jdbc;
  private final MultiGauge gauge;

  PodCountGauges(JdbcClient jdbc, MeterRegistry registry) {
    super("berth-pod-gauges", Duration.ZERO, Duration.ofSeconds(15));
    this.jdbc = jdbc;
    this.gauge =
        MultiGauge.builder("berth.pods")
            .description("Pods by tenant and status")
            .register(registry);
  }

  void refresh() {
    try {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      jdbc.sql("select tenant, status, count(*) from pods group by tenant, status")
          .query(rs -> {
            rows.add(
                MultiGauge.Row.of(
                    Tags.of("tenant", rs.getString(1), "status", rs.getString(2)), rs.getLong(3)));
          });
      gauge.register(rows, true);
    } catch (RuntimeException e) {
      log.debug("Could not count pods: {}", e.getMessage());
    }
  }

  @Override
  protected void runOnce() {
    refresh();
  }
}
