package io.berth.proxy;

import static io.berth.proxy.StageFixture.bytes;
import static io.berth.proxy.StageFixture.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.PodWakes;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP proxy's pipeline with a sleeping pod: an API client's request wakes it and goes on to it
 * once it answers, one to a pod starting already waits without waking it again, a gated entry wakes
 * as its user, and a caller who may not wake it gets the 503 a stopped pod always gave. The
 * database and the wake are stand-ins; polls run when the test says.
 */
class WakeStageTest {
  final StageFixture f = new StageFixture();
  final Deque<Runnable> polls = new ArrayDeque<>();
  final List<String> woken = new ArrayList<>();
  PodWakes.Result answer = new PodWakes.Result.Starting();

  static Route sleeping(String status, boolean gated) {
    return sleeping(status, gated, Wake.Rule.WAKES);
  }

  static Route sleeping(String status, boolean gated, Wake.Rule rule) {
    return Route.builder("web.pods.localhost", "default", "web", "default")
        .status(status)
        .target("AVAILABLE".equals(status) ? "web:5000" : null)
        .gated(gated)
        .wakeRule(rule)
        .build();
  }

  EmbeddedChannel client(String podStatus, boolean gated) {
    return client(sleeping(podStatus, gated));
  }

  EmbeddedChannel client(Route route) {
    f.table.replaceAll(List.of(route));
    f.database.byHost.put(route.host(), route);
    PodWaker waker =
        new PodWaker(
            (tenant, podId, entry, visitor) -> {
              woken.add(podId + "/" + entry + " by " + visitor.user());
              return answer;
            },
            f.database,
            Runnable::run,
            new WakeWaits(f.clock, polls::add, f.clock::advance, Duration.ofMillis(50)),
            Duration.ofSeconds(30));
    ProxyContext c = f.context();
    ProxyContext waking =
        new ProxyContext(
            c.routes(),
            c.gate(),
            c.credentials(),
            c.properties(),
            c.metrics(),
            c.connector(),
            c.gateChecks(),
            null,
            null,
            c.activity(),
            waker);
    EmbeddedChannel client = new EmbeddedChannel();
    HttpStages.install(client.pipeline(), waking);
    return client;
  }

  @Test
  void anApiRequestWakesThePodAndReachesItOnceItAnswers() {
    EmbeddedChannel client = client("STOPPED", false);
    client.writeInbound(bytes("GET /data.txt HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
    assertThat(woken).containsExactly("web/default by null");
    assertThat(written(client)).as("held, not answered").isEmpty();
    assertThat(f.connectedTo).isEmpty();

    f.database.byHost.put("web.pods.localhost", sleeping("AVAILABLE", false));
    while (!polls.isEmpty()) {
      polls.poll().run();
    }
    client.runPendingTasks();
    assertThat(f.connectedTo).containsExactly("web:5000");
    assertThat(StageFixture.written(f.lastPod())).startsWith("GET /data.txt HTTP/1.1");
  }

  @Test
  void aRequestToAStartingPodThatSleepsWaitsWithoutWakingIt() {
    EmbeddedChannel client = client(sleeping("CREATING", false, Wake.Rule.HOLDS));
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
    assertThat(woken).isEmpty();
    assertThat(polls).hasSize(1);
    assertThat(written(client)).isEmpty();
  }

  @Test
  void aGatedEntryWakesAsTheUserWhoPassedItsGate() {
    EmbeddedChannel client = client("STOPPED", true);
    client.writeInbound(
        bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\nX-Tapis-Token: t\r\n\r\n"));
    assertThat(woken).containsExactly("web/default by alice");
  }

  @Test
  void aCallerWhoMayNotWakeThePodGetsA503SayingWhy() {
    answer = new PodWakes.Result.Refused("only users who may start it (USER or ADMIN) wake it");
    EmbeddedChannel client = client("STOPPED", true);
    client.writeInbound(
        bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\nX-Tapis-Token: t\r\n\r\n"));
    client.runPendingTasks();
    assertThat(written(client))
        .startsWith("HTTP/1.1 503")
        .contains("Pod web is STOPPED: only users who may start it (USER or ADMIN) wake it.");
    assertThat(polls).isEmpty();
    assertThat(f.connectedTo).isEmpty();
  }

  @Test
  void requestsToARunningPodNeverPassThroughTheWakeStage() {
    EmbeddedChannel client = client("AVAILABLE", false);
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
    assertThat(f.connectedTo).containsExactly("web:5000");
    assertThat(client.pipeline().get(HttpStages.WAKE)).isNull();

    // the same connection, once the pod sleeps: the stage joins for it
    f.table.replaceAll(List.of(sleeping("STOPPED", false)));
    f.database.byHost.put("web.pods.localhost", sleeping("STOPPED", false));
    f.lastPod().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    client.runPendingTasks();
    assertThat(written(client)).endsWith("ok");
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
    assertThat(client.pipeline().get(HttpStages.WAKE)).isInstanceOf(WakeStage.class);
    assertThat(woken).containsExactly("web/default by null");
  }
}
