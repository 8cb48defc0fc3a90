package io.berth.proxy;

import io.netty.channel.Channel;

/**
 * A client connection's connection to a pod, kept after an exchange for the next request to the
 * same address. Forgetting it comes before closing it, so that its closing is never taken for the
 * failure of a later exchange.
 */
final class PodLink {
  /** How a request reached its pod. */
  enum Use {
    NEW,
    /** Over a kept-alive connection, which the pod may have closed just before. */
    KEPT_ALIVE,
    /** Again on a new connection, after the kept-alive one closed before any answer. */
    RETRY
  }

  private Channel channel;
  private String target;

  void attach(Channel channel, String target) {
    this.channel = channel;
    this.target = target;
  }

  /** Whether the open connection goes where a request for {@code target} must go. */
  boolean carries(String target) {
    return channel != null && channel.isActive() && target.equals(this.target);
  }

  boolean is(Channel other) {
    return channel != null && channel == other;
  }

  boolean attached() {
    return channel != null;
  }

  Channel channel() {
    return channel;
  }

  /** Forgets the connection without closing it (a relay takes it over). */
  Channel detach() {
    Channel old = channel;
    channel = null;
    target = null;
    return old;
  }

  void close() {
    Channel old = detach();
    if (old != null) {
      old.close();
    }
  }

  void write(Object msg) {
    channel.write(msg, channel.voidPromise());
  }

  void flush() {
    if (channel != null) {
      channel.flush();
    }
  }

  boolean writable() {
    return channel != null && channel.isWritable();
  }

  void autoRead(boolean read) {
    if (channel != null) {
      channel.config().setAutoRead(read);
    }
  }
}
