package io.berth.proxy;

import io.berth.runtime.PodKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Requests and connections held while their pod wakes, per address (a host, a tcp port): one read
 * of the pod's route from the database per poll interval for all of them, whatever their number,
 * and one more at once when this process's reconciler reports the pod AVAILABLE ({@link #changed}):
 * the poll is for pods another process starts. Each waiter gets the route once the pod is
 * AVAILABLE, or null when its own bound passes or the pod will not come (deleted, failed, stopped
 * for good).
 */
final class WakeWaits {
  /** Waits between two reads of the same pod; a test's fake one moves a fake clock. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Clock clock;
  private final Executor polls;
  private final Sleeper sleeper;
  private final Duration interval;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * @param polls where each address's polling runs (blocking: never an event loop)
   */
  WakeWaits(Clock clock, Executor polls, Sleeper sleeper, Duration interval) {
    this.clock = clock;
    this.polls = polls;
    this.sleeper = sleeper;
    this.interval = interval;
  }

  private record Waiter(long deadline, CompletableFuture<Route> route) {}

  private static final class Pending {
    final PodKey pod;
    final Supplier<Optional<Route>> read;
    final List<Waiter> waiters = new ArrayList<>();

    Pending(PodKey pod, Supplier<Optional<Route>> read) {
      this.pod = pod;
      this.read = read;
    }
  }

  /**
   * The route of {@code address}, {@code pod}'s, once the pod is AVAILABLE, read with {@code read};
   * null when that takes longer than {@code bound} or the pod will not come.
   */
  CompletableFuture<Route> ready(
      String address, PodKey pod, Supplier<Optional<Route>> read, Duration bound) {
    Waiter waiter = new Waiter(clock.millis() + bound.toMillis(), new CompletableFuture<>());
    Pending[] started = new Pending[1];
    pending.compute(
        address,
        (k, p) -> {
          if (p == null) {
            p = new Pending(pod, read);
            started[0] = p;
          }
          p.waiters.add(waiter);
          return p;
        });
    if (started[0] != null) {
      try {
        polls.execute(() -> poll(address, started[0]));
      } catch (RejectedExecutionException e) {
        pending.remove(address, started[0]);
        waiter.route().complete(null); // shutting down
      }
    }
    return waiter.route();
  }

  /**
   * The pod's status changed in this process (its reconciler found it AVAILABLE): the addresses
   * waiting for it are read again now rather than at their next poll.
   */
  void changed(PodKey pod) {
    pending.forEach((address, p) -> {
      if (p.pod.equals(pod)) {
        try {
          polls.execute(() -> step(address, p));
        } catch (RejectedExecutionException e) {
          // shutting down: the waiters are settled by their own poll
        }
      }
    });
  }

  /** How many addresses are being polled now. */
  int polled() {
    return pending.size();
  }

  private void poll(String address, Pending p) {
    try {
      while (step(address, p)) {
        sleeper.sleep(interval);
        if (pending.get(address) != p) {
          return; // settled meanwhile, on a report of its pod
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settle(address, p, null, true);
    }
  }

  /** One read of the pod: settles whom it can; whether anyone still waits. */
  private boolean step(String address, Pending p) {
    Optional<Route> read;
    try {
      read = p.read.get();
    } catch (RuntimeException e) {
      read = null; // the database is away for a moment: keep waiting
    }
    if (read == null) {
      return settle(address, p, null, false);
    }
    Route route = read.orElse(null);
    boolean over = route == null || Wake.of(route) == Wake.REFUSE;
    return settle(address, p, route, over);
  }

  /** Hands the route to every waiter when the pod answers or {@code over}, null to expired ones. */
  private boolean settle(String address, Pending p, Route route, boolean over) {
    long now = clock.millis();
    boolean ready = route != null && route.available();
    Pending left =
        pending.computeIfPresent(
            address,
            (k, current) -> {
              if (current != p) {
                return current;
              }
              p.waiters.removeIf(w -> {
                if (ready) {
                  return w.route().complete(route) || true;
                }
                if (over || now >= w.deadline()) {
                  return w.route().complete(null) || true;
                }
                return false;
              });
              return p.waiters.isEmpty() ? null : p;
            });
    return left == p;
  }
}
