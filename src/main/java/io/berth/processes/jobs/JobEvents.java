package io.berth.processes.jobs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Lets a synchronous execution wait for its job in this process without polling; the job reconciler
 * completes the wait when it records the job finished. Other processes' waiters fall back on
 * reading the job.
 */
@Component
public class JobEvents {
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  public CompletableFuture<Void> whenFinished(String jobId) {
    return waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
  }

  public void forget(String jobId) {
    waiting.remove(jobId);
  }

  public void finished(String jobId) {
    CompletableFuture<Void> done = waiting.remove(jobId);
    if (done != null) {
      done.complete(null);
    }
  }
}
