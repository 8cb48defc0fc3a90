package io.berth.ops.probe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the probe (for the scheduled job and on demand), keeps the last report, and exports
 * berth_probe_step_up{step}, berth_probe_step_duration_seconds{step},
 * berth_probe_last_run_timestamp_seconds and berth_probe_last_success_timestamp_seconds (0: never).
 * The timestamps belong to the process whose scheduler runs the probe, or that ran it: a process
 * that never will, such as a proxy replica, would otherwise report "never" for ever.
 */
@Component
public class ProbeRunner {
  private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);

  private final ProbeSuite suite;
  private final MeterRegistry registry;
  private final AtomicReference<ProbeReport> last = new AtomicReference<>();
  private final Map<String, AtomicLong> stepUp = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> stepMillis = new ConcurrentHashMap<>();
  private final AtomicLong lastRun = new AtomicLong();
  private final AtomicLong lastSuccess = new AtomicLong();
  private final Map<String, Consumer<ProbeReport>> listeners = new ConcurrentHashMap<>();

  private final AtomicBoolean timestamps = new AtomicBoolean();

  public ProbeRunner(ProbeSuite suite, MeterRegistry registry) {
    this.suite = suite;
    this.registry = registry;
  }

  /** Exports the timestamps from now on (the scheduler runs the probe in this process). */
  void exportTimestamps() {
    if (!timestamps.compareAndSet(false, true)) {
      return;
    }
    Gauge.builder("berth.probe.last.run.timestamp", lastRun, AtomicLong::get)
        .baseUnit("seconds")
        .description("When the end-to-end probe last ran (Unix time; 0: never)")
        .register(registry);
    Gauge.builder("berth.probe.last.success.timestamp", lastSuccess, AtomicLong::get)
        .baseUnit("seconds")
        .description("When the end-to-end probe last passed every step (Unix time; 0: never)")
        .register(registry);
  }

  /** Lets the status page keep the probe's history beside its checks. */
  public void onReport(String name, Consumer<ProbeReport> listener) {
    listeners.put(name, listener);
  }

  public ProbeReport last() {
    return last.get();
  }

  public ProbeReport runNow() {
    ProbeReport report = suite.runOnce();
    record(report);
    return report;
  }

  private void record(ProbeReport report) {
    last.set(report);
    long at = report.startedAt().getEpochSecond();
    lastRun.set(at);
    if (report.ok()) {
      lastSuccess.set(at);
    }
    exportTimestamps();
    for (ProbeStep step : report.steps()) {
      stepUp.computeIfAbsent(step.name(), this::upGauge).set(step.ok() ? 1 : 0);
      stepMillis.computeIfAbsent(step.name(), this::durationGauge).set(step.millis());
    }
    listeners.values().forEach(l -> l.accept(report));
    if (report.ok()) {
      log.info("Probe passed ({} steps)", report.steps().size());
    } else {
      ProbeStep failed = report.steps().stream().filter(s -> !s.ok()).findFirst().orElseThrow();
      log.warn("Probe failed at {}: {}", failed.name(), failed.detail());
    }
  }

  private AtomicLong upGauge(String step) {
    AtomicLong value = new AtomicLong();
    Gauge.builder("berth.probe.step.up", value, AtomicLong::get)
        .tag("step", step)
        .description("1 when the probe step passed on the last run, 0 when it failed")
        .register(registry);
    return value;
  }

  private AtomicLong durationGauge(String step) {
    AtomicLong value = new AtomicLong();
    Gauge.builder("berth.probe.step.duration", value, v -> v.get() / 1000.0)
        .tag("step", step)
        .baseUnit("seconds")
        .description("Duration of the probe step on the last run")
        .register(registry);
    return value;
  }
}
