package io.berth.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The proxy's meters: requests by protocol and outcome, bytes each way, and request latency. Cached
 * per label set so the hot path does one map lookup.
 */
@Component
class ProxyMetrics {
  private final MeterRegistry registry;
  private final Map<String, Map<String, Counter>> requests = new ConcurrentHashMap<>();
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Timer latency;
  private final AtomicLong certificateExpiry = new AtomicLong();

  ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytesIn =
        Counter.builder("berth.proxy.bytes")
            .tag("direction", "in")
            .baseUnit("bytes")
            .description("Bytes the proxy relayed, by direction (in: from clients to pods)")
            .register(registry);
    this.bytesOut =
        Counter.builder("berth.proxy.bytes")
            .tag("direction", "out")
            .baseUnit("bytes")
            .description("Bytes the proxy relayed, by direction (in: from clients to pods)")
            .register(registry);
    this.latency =
        Timer.builder("berth.proxy.request.duration")
            .description("Time from a request's arrival to the end of its response")
            .serviceLevelObjectives( // a few explicit buckets, not Micrometer's 69
                Duration.ofMillis(5),
                Duration.ofMillis(25),
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60))
            .register(registry);
  }

  void request(String protocol, String outcome) {
    requests
        .computeIfAbsent(protocol, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            outcome,
            k ->
                Counter.builder("berth.proxy.requests")
                    .tags("protocol", protocol, "outcome", outcome)
                    .description("Requests and connections the proxy handled, by outcome")
                    .register(registry))
        .increment();
  }

  void bytesIn(long n) {
    bytesIn.increment(n);
  }

  void bytesOut(long n) {
    bytesOut.increment(n);
  }

  /** berth_proxy_tls_certificate_expiry_timestamp_seconds: when the served certificate expires. */
  void certificateExpiry(Instant notAfter) {
    certificateExpiry.set(notAfter.getEpochSecond());
    Gauge.builder(
            "berth.proxy.tls.certificate.expiry.timestamp", certificateExpiry, AtomicLong::get)
        .baseUnit("seconds")
        .description("When the proxy's TLS certificate expires (Unix time)")
        .register(registry);
  }

  void latency(long startNanos) {
    latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }
}
