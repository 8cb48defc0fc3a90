package io.berth.ops.status;

import io.berth.config.BerthProperties;
import io.berth.ops.probe.ProbeReport;
import io.berth.ops.probe.ProbeRunner;
import io.berth.ops.probe.ProbeStep;
import io.berth.proxy.ProxyProperties;
import io.berth.runtime.ContainerRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status page's engine, Gatus built in: reads the checks (strictly, at start-up: a mistake
 * stops Berth naming it), runs each on its interval, stores every result, exports
 * berth_status_check_* metrics, and feeds the alerting. One scheduler thread keeps time; the checks
 * themselves run on virtual threads, so a slow check never delays another. Berth's own restart is
 * not an outage: checks start once the whole application is ready (the proxy listens), and a run
 * cut short by Berth stopping is not recorded.
 */
@Component
public class StatusEngine implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(StatusEngine.class);
  static final String PROBE_PREFIX = "probe-";

  private final StatusProperties properties;
  private final StatusConfig config;
  private final CheckRunner runner;
  private final CheckResults results;
  private final StatusAlerts alerts;
  private final Map<String, AlertSender> senders;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer scheduleDelay;
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;
  private ExecutorService workers;
  private volatile boolean running;
  private volatile boolean ready;

  public StatusEngine(
      StatusProperties properties,
      BerthProperties berth,
      ProxyProperties proxy,
      JdbcClient jdbc,
      ObjectProvider<ContainerRuntime> runtime,
      CheckResults results,
      MeterRegistry registry,
      JsonMapper json,
      ProbeRunner probe,
      Clock clock) {
    this.properties = properties;
    this.config = load(properties, berth, proxy);
    this.results = results;
    this.registry = registry;
    this.clock = clock;
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    this.runner = new CheckRunner(http, jdbc, runtime::getIfAvailable, clock);
    Map<String, AlertSender> senders = new HashMap<>();
    if (config.alerting().webhook() != null) {
      senders.put("webhook", new WebhookSender(config.alerting().webhook(), http, json));
    }
    if (config.alerting().email() != null) {
      senders.put("email", new EmailSender(config.alerting().email()));
    }
    this.alerts = new StatusAlerts(senders, config::inMaintenance);
    this.senders = Map.copyOf(senders);
    probe.onReport("status", this::recordProbe);
    this.scheduleDelay =
        Timer.builder("berth.status.check.schedule.delay")
            .description("How late checks start after their due time")
            .serviceLevelObjectives(
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10))
            .register(registry);
  }

  /** The site's notification channels (webhook, email) as the alerting configures them. */
  Map<String, AlertSender> senders() {
    return senders;
  }

  /**
   * The last result of a check, which its gauges read, and the last certificate expiry seen (kept
   * when a later run saw no certificate, e.g. could not connect).
   */
  static final class Latest {
    volatile CheckResult result;
    final AtomicLong certificateExpiry = new AtomicLong();
  }

  private static StatusConfig load(
      StatusProperties properties, BerthProperties berth, ProxyProperties proxy) {
    if (properties.config() == null) {
      return StatusConfigLoader.parse(defaults(berth, proxy));
    }
    Path file = Path.of(properties.config());
    try {
      return StatusConfigLoader.parse(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidStatusConfigException(
          "berth.status.config: cannot read " + file + ": " + e.getMessage());
    } catch (InvalidStatusConfigException e) {
      throw new InvalidStatusConfigException(file + ": " + e.getMessage());
    }
  }

  /** Berth's own services, checked when no file is given. */
  static String defaults(BerthProperties berth, ProxyProperties proxy) {
    String api = "http://127.0.0.1:" + berth.port() + "/v3/pods/healthcheck";
    StringBuilder yaml =
        new StringBuilder(
            """
            checks:
              - name: api
                url: %s
                interval: 30s
                conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 2000"]
              - name: database
                url: berth://database
                interval: 30s
              - name: engine
                url: berth://engine
                interval: 60s
                timeout: 30s
            """
                .formatted(api));
    if (proxy.enabled() && proxy.port() > 0) { // port 0 (chosen by the system) is for tests
      yaml.append(
          """
            - name: proxy
              url: tcp://127.0.0.1:%d
              interval: 30s
          """
              .formatted(proxy.port()));
    }
    return yaml.toString();
  }

  public List<CheckDefinition> checks() {
    return config.checks();
  }

  CheckResult latest(String check) {
    Latest l = latest.get(check);
    return l == null ? null : l.result;
  }

  boolean inMaintenance() {
    return config.inMaintenance(clock.instant());
  }

  boolean publicPage() {
    return properties.publicPage();
  }

  boolean showTargets() {
    return properties.showTargets();
  }

  @Override
  public synchronized void start() {
    if (!properties.enabled()) {
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "berth-status-ticker");
          t.setDaemon(true);
          return t;
        });
    workers = Executors.newVirtualThreadPerTaskExecutor();
    for (CheckDefinition check : config.checks()) {
      gauges(check, latest.computeIfAbsent(check.name(), k -> new Latest()));
    }
    running = true;
    if (ready) {
      scheduleAll();
    }
  }

  /**
   * The first runs wait until Berth is ready: every listener is up, so Berth's own API and proxy
   * are not reported down for having been checked while they were still starting.
   */
  @EventListener(ApplicationReadyEvent.class)
  public synchronized void applicationReady() {
    ready = true;
    if (running) {
      scheduleAll();
    }
  }

  private void scheduleAll() {
    for (CheckDefinition check : config.checks()) {
      // spread over a second so that many checks do not start at one instant
      long first =
          ThreadLocalRandom.current().nextLong(Math.min(1000, check.interval().toMillis()));
      schedule(ticker, workers, check, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(first));
    }
    log.info("Status engine running {} checks", config.checks().size());
  }

  /**
   * Runs the check at the due time, then schedules the next run one interval after that due time,
   * always (a check that throws even an Error keeps its schedule), on the executors of the start it
   * belongs to, so a stop and start never leaves two chains for one check.
   */
  private void schedule(
      ScheduledExecutorService ticker,
      ExecutorService workers,
      CheckDefinition check,
      long dueNanos) {
    long delay = Math.max(0, dueNanos - System.nanoTime());
    ticker.schedule(
        () ->
            workers.execute(() -> {
              try {
                scheduleDelay.record(
                    Math.max(0, System.nanoTime() - dueNanos), TimeUnit.NANOSECONDS);
                runOnce(check);
              } finally {
                if (!ticker.isShutdown()) {
                  long next = dueNanos + check.interval().toNanos();
                  // a run longer than its interval skips the missed slots instead of piling up
                  while (next < System.nanoTime()) {
                    next += check.interval().toNanos();
                  }
                  schedule(ticker, workers, check, next);
                }
              }
            }),
        delay,
        TimeUnit.NANOSECONDS);
  }

  private void runOnce(CheckDefinition check) {
    try {
      CheckResult result = runner.run(check);
      if (!running || Thread.currentThread().isInterrupted()) {
        // cut short by Berth stopping: not an observation of the target
        log.debug("Status check {} interrupted by Berth stopping: not recorded", check.name());
        return;
      }
      Latest state = latest.get(check.name());
      state.result = result;
      if (result.certificateExpiry() != null) {
        state.certificateExpiry.set(result.certificateExpiry().getEpochSecond());
        // registering again returns the gauge already there: exported from the first TLS result on
        Gauge.builder(
                "berth.status.check.certificate.expiry.timestamp",
                state.certificateExpiry,
                AtomicLong::get)
            .tag("check", check.name())
            .baseUnit("seconds")
            .description("When the certificate seen by a check expires (Unix time)")
            .register(registry);
      }
      results.add(result);
      alerts.record(check, result);
    } catch (RuntimeException e) {
      log.warn("Status check {} could not be recorded: {}", check.name(), e.getMessage());
    }
  }

  /** Probe steps join the history as checks named probe-{step}: uptime and bars for free. */
  private void recordProbe(ProbeReport report) {
    if (!running && properties.enabled()) {
      return; // a probe cut short by Berth stopping says nothing about the site
    }
    try {
      for (ProbeStep step : report.steps()) {
        results.add(
            new CheckResult(
                PROBE_PREFIX + step.name(),
                report.startedAt(),
                step.ok(),
                step.millis(),
                step.detail(),
                null));
      }
    } catch (RuntimeException e) {
      log.warn("Probe results could not be recorded: {}", e.getMessage());
    }
  }

  private void gauges(CheckDefinition check, Latest state) {
    Gauge.builder(
            "berth.status.check.up",
            state,
            s -> s.result == null ? Double.NaN : s.result.up() ? 1 : 0)
        .tag("check", check.name())
        .description("1 when the check's last run met its conditions, 0 when not")
        .register(registry);
    Gauge.builder(
            "berth.status.check.duration",
            state,
            s -> s.result == null ? 0 : s.result.millis() / 1000.0)
        .tag("check", check.name())
        .baseUnit("seconds")
        .description("Duration of the check's last run")
        .register(registry);
    Gauge.builder(
            "berth.status.check.last.run.timestamp",
            state,
            s -> s.result == null ? 0 : s.result.at().getEpochSecond())
        .tag("check", check.name())
        .baseUnit("seconds")
        .description("When the check last ran (Unix time)")
        .register(registry);
  }

  Instant now() {
    return clock.instant();
  }

  CheckResults results() {
    return results;
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100; // after the API and the proxy are listening
  }
}
