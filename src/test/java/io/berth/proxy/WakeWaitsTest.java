package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.PodKey;
import io.berth.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a woken pod, driven by a fake clock: each sleep between reads moves it by the poll
 * interval, so no test waits in real time.
 */
class WakeWaitsTest {
  static final Duration POLL = Duration.ofMillis(50);
  static final PodKey WEB = new PodKey("default", "web");

  final FakeClock clock = new FakeClock();
  final Deque<Runnable> polls = new ArrayDeque<>();
  final AtomicInteger reads = new AtomicInteger();
  final WakeWaits waits = new WakeWaits(clock, polls::add, clock::advance, POLL);

  /** The database: the pod's status at each read, the last one repeated. */
  Supplier<Optional<Route>> statuses(String... seen) {
    List<String> list = Arrays.asList(seen);
    return () -> {
      int read = reads.getAndIncrement();
      String status = list.get(Math.min(read, list.size() - 1));
      return status == null
          ? Optional.empty()
          : Optional.of(WakeTest.route(status, Wake.Rule.WAKES));
    };
  }

  void runPolls() {
    while (!polls.isEmpty()) {
      polls.poll().run();
    }
  }

  @Test
  void aWaiterGetsTheRouteOnceThePodIsAvailable() {
    CompletableFuture<Route> ready =
        waits.ready(
            "host web", WEB, statuses("REQUESTED", "CREATING", "AVAILABLE"), Duration.ofSeconds(5));
    assertThat(ready).isNotDone();
    runPolls();
    assertThat(ready.join().target()).isEqualTo("127.0.0.1:5000");
    assertThat(reads).hasValue(3);
    assertThat(clock.instant()).isEqualTo(new FakeClock().instant().plus(POLL.multipliedBy(2)));
    assertThat(waits.polled()).isZero();
  }

  @Test
  void aWaiterPastItsBoundGetsNullAndThePollingStops() {
    CompletableFuture<Route> ready =
        waits.ready("port 30001", WEB, statuses("CREATING"), Duration.ofSeconds(1));
    runPolls();
    assertThat(ready.join()).isNull();
    assertThat(reads).hasValue(21); // at 0, 50, ..., 1000 ms
    assertThat(waits.polled()).isZero();
  }

  @Test
  void aPodThatFailsOrIsDeletedEndsTheWaitAtOnce() {
    CompletableFuture<Route> failed =
        waits.ready("host a", WEB, statuses("CREATING", "ERROR"), Duration.ofMinutes(1));
    runPolls();
    assertThat(failed.join()).isNull();
    assertThat(reads).hasValue(2);
    reads.set(0);
    CompletableFuture<Route> deleted =
        waits.ready("host b", WEB, statuses((String) null), Duration.ofMinutes(1));
    runPolls();
    assertThat(deleted.join()).isNull();
    assertThat(reads).hasValue(1);
  }

  @Test
  void aBurstOfWaitersSharesOneReadPerInterval() {
    List<CompletableFuture<Route>> burst = new ArrayList<>();
    Supplier<Optional<Route>> db = statuses("REQUESTED", "CREATING", "CREATING", "AVAILABLE");
    for (int i = 0; i < 100; i++) {
      burst.add(waits.ready("host web", WEB, db, Duration.ofSeconds(30)));
    }
    assertThat(polls).hasSize(1);
    runPolls();
    assertThat(burst).allSatisfy(f -> assertThat(f.join().available()).isTrue());
    assertThat(reads).hasValue(4);
  }

  @Test
  void eachWaiterKeepsItsOwnBound() {
    // the pod never answers; a waiter joining later does not keep an earlier one past its bound
    Supplier<Optional<Route>> db = statuses("CREATING");
    List<CompletableFuture<Route>> late = new ArrayList<>();
    WakeWaits[] self = new WakeWaits[1];
    AtomicInteger sleeps = new AtomicInteger();
    self[0] =
        new WakeWaits(
            clock,
            polls::add,
            d -> {
              clock.advance(d);
              if (sleeps.incrementAndGet() == 2) {
                late.add(self[0].ready("host web", WEB, db, Duration.ofSeconds(1)));
              }
            },
            POLL);
    Instant start = clock.instant();
    Instant[] earlyEnded = new Instant[1];
    CompletableFuture<Route> early = self[0].ready("host web", WEB, db, Duration.ofMillis(200));
    early.whenComplete((r, e) -> earlyEnded[0] = clock.instant());
    runPolls();
    assertThat(early.join()).isNull();
    assertThat(earlyEnded[0]).isEqualTo(start.plusMillis(200));
    assertThat(late.get(0).join()).isNull();
    assertThat(clock.instant()).isEqualTo(start.plusMillis(100 + 1000));
    assertThat(polls).isEmpty();
  }

  @Test
  void aDatabaseAwayForAMomentIsWaitedOut() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Optional<Route>> flaky =
        () -> {
          if (calls.getAndIncrement() < 2) {
            throw new IllegalStateException("connection refused");
          }
          return Optional.of(WakeTest.route("AVAILABLE", Wake.Rule.WAKES));
        };
    CompletableFuture<Route> ready = waits.ready("host web", WEB, flaky, Duration.ofSeconds(5));
    runPolls();
    assertThat(ready.join()).isNotNull();
  }

  @Test
  void aReportThatThePodIsAvailableEndsTheWaitBeforeTheNextPoll() {
    Supplier<Optional<Route>> db = statuses("CREATING", "AVAILABLE");
    WakeWaits[] self = new WakeWaits[1];
    self[0] =
        new WakeWaits(
            clock,
            polls::add,
            d -> {
              // while the poll sleeps, this process's reconciler reports the pod AVAILABLE
              self[0].changed(new PodKey("default", "other"));
              assertThat(polls).as("another pod's report reads nothing").isEmpty();
              self[0].changed(WEB);
              polls.poll().run();
              clock.advance(d);
            },
            POLL);
    Instant start = clock.instant();
    Instant[] ended = new Instant[1];
    CompletableFuture<Route> ready = self[0].ready("host web", WEB, db, Duration.ofSeconds(30));
    ready.whenComplete((r, e) -> ended[0] = clock.instant());
    polls.poll().run();
    assertThat(ready.join().available()).isTrue();
    assertThat(ended[0]).as("not a poll interval later").isEqualTo(start);
    assertThat(reads).as("no read after it was settled").hasValue(2);
    assertThat(self[0].polled()).isZero();
  }
}
