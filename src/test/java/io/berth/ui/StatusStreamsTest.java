package io.berth.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class StatusStreamsTest {
  final StatusStreams streams = new StatusStreams(Duration.ofMillis(10));
  final Caller alice = new Caller("t", "alice", Set.of());
  final Caller bob = new Caller("t", "bob", Set.of());

  /** Records what a page would receive. */
  static final class Page implements StatusStreams.Push {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile boolean completed;

    @Override
    public void send(String event, Object data) {
      events.add(event + " " + data);
    }

    @Override
    public void heartbeat() {}

    @Override
    public void complete() {
      completed = true;
    }
  }

  /** The pod's status, or the API's 404 once it is gone (null). */
  static Object read(AtomicReference<Object> status) {
    Object s = status.get();
    if (s == null) {
      throw ApiException.notFound("Pod hello not found.");
    }
    return s;
  }

  @Test
  void sendsTheStatusThenOnlyItsChangesAndEndsWhenTheReadIsRefused() {
    AtomicReference<Object> status = new AtomicReference<>("CREATING");
    Page page = new Page();
    streams.open(alice, "status", () -> read(status), page);
    await().atMost(Duration.ofSeconds(5)).until(() -> page.events.size() == 1);
    status.set("AVAILABLE");
    await().atMost(Duration.ofSeconds(5)).until(() -> page.events.size() == 2);
    status.set(null);
    await().atMost(Duration.ofSeconds(5)).until(() -> page.completed);
    assertThat(page.events)
        .containsExactly(
            "status CREATING", "status AVAILABLE", "gone {message=Pod hello not found.}");
    await().atMost(Duration.ofSeconds(5)).until(() -> streams.open() == 0);
  }

  @Test
  void aUserHoldsABoundedNumberOfStreamsAndAClosedOneFreesItsPlace() {
    AtomicReference<Object> status = new AtomicReference<>("AVAILABLE");
    for (int i = 0; i < StatusStreams.PER_USER; i++) {
      streams.open(alice, "status", () -> read(status), new Page());
    }
    assertThatThrownBy(() -> streams.open(alice, "status", () -> read(status), new Page()))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
    Page bobs = new Page();
    streams.open(bob, "status", () -> read(status), bobs);
    assertThat(streams.open()).isEqualTo(StatusStreams.PER_USER + 1);
    status.set(null); // every stream's read is refused now: they all end
    await().atMost(Duration.ofSeconds(5)).until(() -> streams.open() == 0);
    status.set("AVAILABLE");
    Page again = new Page();
    streams.open(alice, "status", () -> read(status), again);
    await().atMost(Duration.ofSeconds(5)).until(() -> !again.events.isEmpty());
  }
}
