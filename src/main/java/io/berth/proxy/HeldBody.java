package io.berth.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The parts of a request's body that arrived while a stage could not pass them on yet; reading
 * pauses (for the stage's reason) while any are held.
 */
final class HeldBody {
  private final ArrayDeque<HttpContent> parts = new ArrayDeque<>();
  private final InputPause.Reason reason;

  HeldBody(InputPause.Reason reason) {
    this.reason = reason;
  }

  void add(Channel channel, HttpContent part) {
    parts.add(part);
    InputPause.of(channel).pause(reason);
  }

  /** Whether the request's last part is among them. */
  boolean ended() {
    return parts.stream().anyMatch(p -> p instanceof LastHttpContent);
  }

  boolean broken() {
    return parts.stream().anyMatch(p -> p.decoderResult().isFailure());
  }

  /** Hands the parts on in order while {@code more} says so; reading goes on. */
  void passOn(Channel channel, Consumer<HttpContent> to, BooleanSupplier more) {
    while (!parts.isEmpty() && more.getAsBoolean()) {
      to.accept(parts.poll());
    }
    release(channel);
  }

  /** Drops what is held; reading goes on. */
  void release(Channel channel) {
    parts.forEach(ReferenceCountUtil::release);
    parts.clear();
    InputPause.of(channel).resume(reason);
  }
}
