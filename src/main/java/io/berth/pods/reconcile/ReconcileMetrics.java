package io.berth.pods.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The reconciler's meters: pass duration and errors, the time of the last completed pass (for the
 * "loop stalled" alert), spawn latency against its objective, and engine errors by operation.
 */
@Component
public class ReconcileMetrics {
  /** The spawn objective the alert rules burn against: a pod AVAILABLE within 60 s. */
  public static final Duration SPAWN_OBJECTIVE = Duration.ofSeconds(60);

  private final MeterRegistry registry;
  private final Timer pass;
  private final Counter errors;
  private final Timer spawn;
  private final Counter outputRead;
  private final Counter idleStops;
  private final AtomicLong lastPass = new AtomicLong();

  public ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pass =
        Timer.builder("berth.reconcile.pass.duration")
            .description("Duration of full reconcile passes")
            .serviceLevelObjectives( // a few explicit buckets, not Micrometer's 69
                Duration.ofMillis(50),
                Duration.ofMillis(250),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(60))
            .register(registry);
    this.errors =
        Counter.builder("berth.reconcile.errors")
            .description("Reconcile passes or pod steps that failed")
            .register(registry);
    this.spawn =
        Timer.builder("berth.pod.spawn.duration")
            .description("From a start request to AVAILABLE")
            .serviceLevelObjectives(
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                SPAWN_OBJECTIVE,
                Duration.ofSeconds(120),
                Duration.ofSeconds(300))
            .register(registry);
    this.outputRead =
        Counter.builder("berth.pod.output.read")
            .baseUnit("bytes")
            .description("Bytes the engine sent of pods' output (timestamps and repeats included)")
            .register(registry);
    this.idleStops =
        Counter.builder("berth.pods.idle.stops")
            .description("Pods stopped because no traffic reached them for their idle_timeout")
            .register(registry);
    Gauge.builder("berth.reconcile.last.pass.timestamp", lastPass, AtomicLong::get)
        .baseUnit("seconds")
        .description("Unix time of the last completed full pass")
        .register(registry);
  }

  public void passCompleted(long nanos) {
    pass.record(Duration.ofNanos(nanos));
    lastPass.set(System.currentTimeMillis() / 1000);
  }

  public void idleStop() {
    idleStops.increment();
  }

  public void error() {
    errors.increment();
  }

  public void spawned(Duration latency) {
    if (!latency.isNegative()) {
      spawn.record(latency);
    }
  }

  public void outputRead(long bytes) {
    outputRead.increment(bytes);
  }

  public void engineError(String operation) {
    Counter.builder("berth.engine.errors")
        .tag("operation", operation)
        .description("Calls to the container engine that failed, by operation")
        .register(registry)
        .increment();
  }
}
