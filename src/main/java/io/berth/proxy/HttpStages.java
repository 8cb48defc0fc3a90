package io.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.List;

/**
 * The HTTP proxy's pipeline, in order: the codec, the {@link ExchangeSequencer} (one exchange at a
 * time), {@link HostRouting}, the {@link GateStage}, the {@link WakeStage} (added by the routing
 * stage once a request finds a sleeping pod) and the {@link Forwarder}. A WebSocket upgrade
 * replaces them all, on both connections, with a {@link Relay}.
 */
final class HttpStages {
  static final String CODEC = "http";
  static final String SEQUENCER = "sequencer";
  static final String ROUTING = "routing";
  static final String GATE = "gate";
  static final String WAKE = "wake";
  static final String FORWARDER = "forwarder";

  /** The pod connection's handler, after its codec. */
  static final String POD = "pod";

  private HttpStages() {}

  static void install(ChannelPipeline pipeline, ProxyContext px) {
    pipeline
        .addLast(CODEC, new HttpServerCodec(8192, 65536, 65536))
        .addLast(SEQUENCER, new ExchangeSequencer())
        .addLast(
            ROUTING,
            new HostRouting(
                px.routes(),
                px.metrics(),
                px.pages(),
                px.waker() == null
                    ? null
                    : () -> new WakeStage(px.waker(), px.metrics(), px.pages())))
        .addLast(GATE, new GateStage(px.gate(), px.gateChecks(), px.metrics(), px.signIn()))
        .addLast(FORWARDER, new Forwarder(px));
  }

  /**
   * Turns an upgraded exchange into a byte tunnel. The relay joins first, so the bytes the codecs
   * still hold when they are removed (frames read together with the upgrade) reach it.
   */
  static void toTunnel(
      Channel client, Channel pod, ProxyMetrics metrics, PodActivity.Entry activity) {
    Relay.join(client, pod, metrics::bytesIn, metrics::bytesOut, activity);
    for (String stage : List.of(SEQUENCER, ROUTING, GATE, WAKE, FORWARDER, CODEC)) {
      if (client.pipeline().get(stage) != null) {
        client.pipeline().remove(stage);
      }
    }
    for (String stage : List.of(POD, CODEC)) {
      if (pod.pipeline().get(stage) != null) {
        pod.pipeline().remove(stage);
      }
    }
    // the stages' pauses are gone with them: from now on each side reads as the other takes
    if (client.isActive() && pod.isActive()) {
      client.config().setAutoRead(pod.isWritable());
      pod.config().setAutoRead(client.isWritable());
    }
  }
}
