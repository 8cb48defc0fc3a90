package io.berth.proxy;

import static io.berth.proxy.StageFixture.bytes;
import static io.berth.proxy.StageFixture.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The relay of WebSocket tunnels and tcp routes: bytes both ways, back-pressure, closing. */
class RelayTest {
  final EmbeddedChannel client = new EmbeddedChannel();
  final EmbeddedChannel pod = new EmbeddedChannel();
  final AtomicLong in = new AtomicLong();
  final AtomicLong out = new AtomicLong();

  @Test
  void bytesPassBothWaysAndAreCounted() {
    Relay.join(client, pod, in::addAndGet, out::addAndGet);
    client.writeInbound(bytes("ping"));
    pod.writeInbound(bytes("pong!"));
    assertThat(written(pod)).isEqualTo("ping");
    assertThat(written(client)).isEqualTo("pong!");
    assertThat(in).hasValue(4);
    assertThat(out).hasValue(5);
  }

  @Test
  void aSideThatTakesNoMoreStopsTheOtherReading() {
    pod.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
    Relay.join(client, pod, in::addAndGet, out::addAndGet);
    pod.write(bytes("filling")); // written, not flushed: the pod's buffer is over its mark
    assertThat(pod.isWritable()).isFalse();
    assertThat(client.config().isAutoRead()).isFalse();
    pod.flush();
    assertThat(client.config().isAutoRead()).isTrue();
  }

  @Test
  void whenEitherSideClosesTheOtherDoesAfterWhatIsOnItsWay() {
    Relay.join(client, pod, in::addAndGet, out::addAndGet);
    client.writeInbound(bytes("last words"));
    client.close();
    assertThat(written(pod)).isEqualTo("last words");
    assertThat(pod.isActive()).isFalse();
  }

  @Test
  void joiningAClosedConnectionClosesTheOther() {
    pod.close();
    Relay.join(client, pod, in::addAndGet, out::addAndGet);
    assertThat(client.isActive()).isFalse();
  }
}
