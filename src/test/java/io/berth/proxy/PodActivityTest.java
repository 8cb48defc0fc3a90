package io.berth.proxy;

import static io.berth.proxy.StageFixture.bytes;
import static io.berth.proxy.StageFixture.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.PodKey;
import io.berth.testing.SuppliedClock;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the proxy records as a pod's activity, with a fake clock: requests and their responses,
 * relayed bytes either way; an open connection that carries nothing is not activity.
 */
class PodActivityTest {
  final StageFixture f = new StageFixture();
  final Route web = StageFixture.route("web.pods.localhost", "web", "AVAILABLE", false);
  final PodKey webKey = new PodKey("default", "web");

  @Test
  void aRequestAndItsResponseAreActivityOfTheirPod() {
    f.table.replaceAll(List.of(web));
    EmbeddedChannel client = f.client();
    Instant asked = f.clock.instant();
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
    assertThat(f.activity.drain(Duration.ofHours(1))).isEqualTo(Map.of(webKey, asked));

    f.clock.advance(Duration.ofSeconds(30)); // a slow answer is activity when it comes
    f.lastPod().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    client.runPendingTasks();
    assertThat(written(client)).endsWith("ok");
    assertThat(f.activity.drain(Duration.ofHours(1)))
        .isEqualTo(Map.of(webKey, asked.plusSeconds(30)));
    assertThat(f.activity.drain(Duration.ofHours(1))).as("nothing new").isEmpty();
  }

  @Test
  void aRelayedConnectionIsActivityOnlyWhileBytesPass() {
    EmbeddedChannel client = new EmbeddedChannel();
    EmbeddedChannel pod = new EmbeddedChannel();
    PodActivity.Entry entry = f.activity.of(web);
    Instant opened = f.clock.instant();
    Relay.join(client, pod, n -> {}, n -> {}, entry);
    assertThat(entry.openConnections()).isEqualTo(1);
    assertThat(f.activity.drain(Duration.ofHours(1))).isEqualTo(Map.of(webKey, opened));

    f.clock.advance(Duration.ofMinutes(5)); // open and silent: a pooled connection
    assertThat(f.activity.drain(Duration.ofHours(1))).isEmpty();
    assertThat(entry.lastTraffic()).isEqualTo(opened);

    pod.writeInbound(bytes("from the pod"));
    assertThat(f.activity.drain(Duration.ofHours(1)))
        .isEqualTo(Map.of(webKey, opened.plus(Duration.ofMinutes(5))));
    f.clock.advance(Duration.ofMinutes(1));
    client.writeInbound(bytes("from the client"));
    assertThat(entry.lastTraffic()).isEqualTo(opened.plus(Duration.ofMinutes(6)));

    client.close();
    assertThat(entry.openConnections()).isZero();
  }

  @Test
  void thePodsLatestTrafficOfAllItsEntriesIsFlushedAndOldSilentEntriesAreForgotten() {
    Route other = StageFixture.route("web-api.pods.localhost", "web", "AVAILABLE", false);
    other =
        Route.builder(other.host(), other.tenant(), other.podId(), "api")
            .status(other.status())
            .target(other.target())
            .build();
    f.activity.of(web).touch();
    f.clock.advance(Duration.ofSeconds(7));
    f.activity.of(other).touch();
    assertThat(f.activity.drain(Duration.ofHours(1))).isEqualTo(Map.of(webKey, f.clock.instant()));

    f.clock.advance(Duration.ofHours(2));
    f.activity.drain(Duration.ofHours(1));
    assertThat(f.activity.find("default", "web", "default")).isNull();
  }

  @Test
  void requestsReadNoClockAndLookTheirEntryUpOncePerRoute() {
    AtomicInteger clockReads = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    Clock counting =
        new SuppliedClock(() -> {
          clockReads.incrementAndGet();
          return f.clock.instant();
        });
    f.activity =
        new PodActivity(counting) {
          @Override
          Entry of(Route route) {
            lookups.incrementAndGet();
            return super.of(route);
          }
        };
    f.table.replaceAll(List.of(web));
    EmbeddedChannel client = f.client();
    for (int i = 0; i < 50; i++) {
      client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
      f.lastPod().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
      client.runPendingTasks();
    }
    assertThat(written(client).split("ok", -1)).hasSize(51);
    assertThat(clockReads).as("no clock read per request").hasValue(0);
    assertThat(lookups).as("one entry lookup for the connection's route").hasValue(1);

    f.clock.advance(Duration.ofSeconds(3));
    assertThat(f.activity.drain(Duration.ofHours(1))).isEqualTo(Map.of(webKey, f.clock.instant()));
    assertThat(clockReads).as("the drain reads it").hasValue(2);
  }
}
