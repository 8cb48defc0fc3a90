package io.berth.proxy;

import static io.berth.proxy.StageFixture.bytes;
import static io.berth.proxy.StageFixture.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarder in the whole client pipeline, with pods as EmbeddedChannels behind the proxy's own
 * pod codec: what reaches the pod, what reaches the client, and when the connection reads on.
 */
class ForwarderTest {
  static final String GET = "GET /x HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n";

  final StageFixture f = new StageFixture();
  EmbeddedChannel client;

  @BeforeEach
  void setUp() {
    f.table.replaceAll(
        List.of(StageFixture.route("web.pods.localhost", "web", "AVAILABLE", false)));
    client = f.client();
  }

  /** The pod answers with raw bytes; what the client then has. */
  String podAnswers(EmbeddedChannel pod, String raw) {
    pod.writeInbound(bytes(raw));
    client.runPendingTasks();
    return written(client);
  }

  @Test
  void aRequestReachesItsPodWithForwardedHeadersAndTheAnswerComesBack() {
    client.writeInbound(bytes(GET));
    assertThat(f.connectedTo).containsExactly("web:5000");
    String atPod = written(f.lastPod());
    assertThat(atPod).startsWith("GET /x HTTP/1.1\r\n").contains("x-forwarded-proto: http");
    String reply = podAnswers(f.lastPod(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");
    assertThat(f.lastPod().isActive()).as("kept for the next request").isTrue();
  }

  @Test
  void headerLinesEndingWithABareLineFeedKeepTheirHeadersAndBody() {
    // busybox httpd passes a CGI script's output through: its own status line, then the script's
    client.writeInbound(bytes(GET));
    EmbeddedChannel pod = f.lastPod();
    written(pod);
    pod.writeInbound(
        bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\nX-Script: yes\n\nhello\n"));
    pod.close();
    client.runPendingTasks();
    String reply = written(client);
    assertThat(reply)
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Type: text/plain\r\n", "X-Script: yes\r\n", "hello\n")
        .endsWith("0\r\n\r\n");
    assertThat(client.isActive()).isTrue();
  }

  @Test
  void malformedResponsesAre502NeverACutOrEmpty200() {
    for (String garbage :
        List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            "not http at all\r\n\r\n")) {
      client.writeInbound(bytes(GET));
      EmbeddedChannel pod = f.lastPod();
      written(pod);
      pod.writeInbound(bytes(garbage));
      pod.close();
      client.runPendingTasks();
      assertThat(written(client)).as(garbage).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
      assertThat(client.isActive()).as("kept alive after " + garbage).isTrue();
    }
  }

  @Test
  void aResponseCutShortAfterItsHeadWentOutIsCutForTheClientToo() {
    client.writeInbound(bytes(GET));
    EmbeddedChannel pod = f.lastPod();
    written(pod);
    pod.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
    pod.close();
    client.runPendingTasks();
    assertThat(written(client)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("abc");
    assertThat(client.isActive()).as("never passed off as complete").isFalse();
  }

  @Test
  void afterACloseDelimitedResponseTheConnectionReadsTheNextRequest() {
    client.writeInbound(bytes(GET));
    EmbeddedChannel first = f.lastPod();
    written(first);
    first.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end\n"));
    first.close();
    client.runPendingTasks();
    assertThat(written(client)).contains("until the end").endsWith("0\r\n\r\n");
    assertThat(client.config().isAutoRead()).as("the client connection reads on").isTrue();
    client.writeInbound(bytes(GET));
    assertThat(f.pods).hasSize(2);
    assertThat(written(f.lastPod())).startsWith("GET /x HTTP/1.1");
  }

  @Test
  void aChunkSizeThatOverflowsIsRefusedAndNothingOfTheRequestReachesThePod() {
    client.writeInbound(
        bytes(
            "POST /x HTTP/1.1\r\nHost: web.pods.localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "100000000\r\nabc\r\n0\r\n\r\n"));
    assertThat(written(client)).startsWith("HTTP/1.1 400 Bad Request\r\n");
    assertThat(client.isActive()).isFalse();
    assertThat(f.pods).allSatisfy(pod -> assertThat(written(pod)).isEmpty());
  }

  @Test
  void aKeptAliveConnectionClosedBeforeAnAnswerIsRetriedOnlyForSafeRequests() {
    client.writeInbound(bytes(GET));
    EmbeddedChannel first = f.lastPod();
    written(first);
    podAnswers(first, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
    client.writeInbound(bytes(GET));
    assertThat(written(first)).startsWith("GET /x");
    first.close(); // closed by the pod just as the request went out
    client.runPendingTasks();
    assertThat(f.pods).hasSize(2);
    assertThat(written(f.lastPod())).startsWith("GET /x");
    assertThat(podAnswers(f.lastPod(), "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"))
        .endsWith("\r\n\r\nb");
    // a POST may have been acted on: 502, not sent twice
    client.writeInbound(bytes("POST /y HTTP/1.1\r\nHost: web.pods.localhost\r\n\r\n"));
    EmbeddedChannel second = f.lastPod();
    assertThat(written(second)).startsWith("POST /y");
    second.close();
    client.runPendingTasks();
    assertThat(written(client)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
    assertThat(f.pods).hasSize(2);
  }

  @Test
  void aPodAnsweringBeforeTheBodyEndsHasTheRestDroppedAndTheConnectionGoesOn() {
    client.writeInbound(
        bytes("POST /x HTTP/1.1\r\nHost: web.pods.localhost\r\nContent-Length: 10\r\n\r\nabc"));
    EmbeddedChannel pod = f.lastPod();
    assertThat(podAnswers(pod, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 413");
    assertThat(pod.isActive()).as("the pod still expects the body: not reused").isFalse();
    assertThat(client.config().isAutoRead()).isTrue();
    client.writeInbound(bytes("defghij" + GET));
    assertThat(f.pods).hasSize(2);
    assertThat(written(f.lastPod())).startsWith("GET /x");
  }

  @Test
  void continueResponsesGoThroughAndTheExchangeEndsWithTheFinalOne() {
    client.writeInbound(
        bytes(
            "POST /x HTTP/1.1\r\nHost: web.pods.localhost\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\n\r\n"));
    EmbeddedChannel pod = f.lastPod();
    assertThat(podAnswers(pod, "HTTP/1.1 100 Continue\r\n\r\n"))
        .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    client.writeInbound(bytes("ok" + GET)); // the body, and a pipelined request behind it
    assertThat(written(pod)).endsWith("ok");
    assertThat(podAnswers(pod, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 201 Created");
    client.runPendingTasks();
    assertThat(written(pod)).startsWith("GET /x");
  }

  @Test
  void aPodSilentPastTheResponseTimeoutIs504() {
    client.writeInbound(bytes(GET));
    written(f.lastPod());
    client.advanceTimeBy(
        StageFixture.properties().responseTimeout().plus(Duration.ofSeconds(1)).toMillis(),
        TimeUnit.MILLISECONDS);
    client.runScheduledPendingTasks();
    assertThat(written(client)).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
    assertThat(f.lastPod().isActive()).isFalse();
  }

  @Test
  void anUnreachablePodIs502AndTheConnectionStays() {
    f.refuseConnections = true;
    client.writeInbound(bytes(GET));
    assertThat(written(client))
        .startsWith("HTTP/1.1 502 Bad Gateway\r\n")
        .contains("could not be reached");
    assertThat(client.isActive()).isTrue();
  }

  @Test
  void anAcceptedWebsocketUpgradeBecomesARelayBothWays() {
    client.writeInbound(
        bytes(
            "GET /ws HTTP/1.1\r\nHost: web.pods.localhost\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
    EmbeddedChannel pod = f.lastPod();
    assertThat(written(pod)).contains("upgrade: websocket", "connection: upgrade");
    String switching =
        podAnswers(
            pod,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\nfrom-pod");
    assertThat(switching).startsWith("HTTP/1.1 101 Switching Protocols\r\n").endsWith("from-pod");
    assertThat(client.pipeline().get(Relay.NAME)).isNotNull();
    assertThat(client.pipeline().get(HttpStages.CODEC)).isNull();
    client.writeInbound(bytes("from-client"));
    assertThat(written(pod)).isEqualTo("from-client");
    pod.close();
    client.runPendingTasks();
    assertThat(client.isActive()).isFalse();
  }
}
