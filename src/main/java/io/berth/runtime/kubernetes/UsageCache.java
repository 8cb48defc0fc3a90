package io.berth.runtime.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Recent sizes of claims. Measuring one runs a helper pod, and a volume listing shows the size of
 * every volume, so a size is reused for a short while; what this process writes forgets it at once,
 * and what pods write shows after at most the time-to-live.
 */
final class UsageCache {
  private record Measured(long bytes, long atNanos) {}

  private final Map<String, Measured> sizes = new ConcurrentHashMap<>();
  private final long ttlNanos;

  UsageCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  long get(String storageId, LongSupplier measure) {
    Measured m = sizes.get(storageId);
    long now = System.nanoTime();
    if (m != null && now - m.atNanos() < ttlNanos) {
      return m.bytes();
    }
    long bytes = measure.getAsLong();
    if (ttlNanos > 0) {
      sizes.put(storageId, new Measured(bytes, now));
    }
    return bytes;
  }

  void forget(String storageId) {
    sizes.remove(storageId);
  }

  void forgetIf(Predicate<String> storage) {
    sizes.keySet().removeIf(storage);
  }
}
