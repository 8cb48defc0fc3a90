package io.berth.pods.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the reconcile loop. {@code enabled} turns the reconciler role of this process on or
 * off, for sites that run roles as separate processes. {@code engineConcurrency} bounds the engine
 * calls that create, start or remove containers at once: past a few per core the engine only
 * contends with itself, and every pod waits longer. Stops, mostly waiting out grace periods, are
 * bounded apart, at four times as many.
 */
@ConfigurationProperties("berth.reconciler")
public record ReconcilerProperties(
    Boolean enabled,
    Duration interval,
    Duration readinessTimeout,
    Duration readinessPoll,
    Duration backoffInitial,
    Duration backoffMax,
    Duration orphanGrace,
    Duration logSaveInterval,
    Integer logTailBytes,
    Integer engineConcurrency) {

  public ReconcilerProperties {
    enabled = enabled == null || enabled;
    interval = interval == null ? Duration.ofSeconds(3) : interval;
    readinessTimeout = readinessTimeout == null ? Duration.ofSeconds(120) : readinessTimeout;
    readinessPoll = readinessPoll == null ? Duration.ofMillis(25) : readinessPoll;
    backoffInitial = backoffInitial == null ? Duration.ofSeconds(1) : backoffInitial;
    backoffMax = backoffMax == null ? Duration.ofMinutes(5) : backoffMax;
    orphanGrace = orphanGrace == null ? Duration.ofSeconds(60) : orphanGrace;
    logSaveInterval = logSaveInterval == null ? Duration.ofSeconds(10) : logSaveInterval;
    logTailBytes = logTailBytes == null ? 10 * 1024 * 1024 : logTailBytes;
    engineConcurrency = engineConcurrency == null ? 8 : engineConcurrency;
    if (engineConcurrency < 1) {
      throw new IllegalArgumentException(
          "berth.reconciler.engine-concurrency must be at least 1, not " + engineConcurrency);
    }
  }
}
