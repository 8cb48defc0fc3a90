package io.berth.proxy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumSet;

/**
 * Why a client connection stops reading, shared by the stages of its pipeline: reading goes on only
 * while no stage has a reason to hold it. Stages pause only when they actually have to keep
 * something back (toggling reads costs system calls), and each resumes only its own reason.
 */
final class InputPause {
  enum Reason {
    /** A pipelined request waits for the exchange before it to end. */
    NEXT_REQUEST,
    /** A request's body waits for a route to be read from the database. */
    ROUTE_LOOKUP,
    /** A request's body waits for its token or session to be checked. */
    ACCESS_CHECK,
    /** A request's body waits for the connection to its pod. */
    CONNECT,
    /** The pod does not take more yet. */
    POD_BUSY
  }

  private static final AttributeKey<InputPause> KEY = AttributeKey.valueOf("berth.inputPause");

  private final Channel channel;
  private final EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);

  private InputPause(Channel channel) {
    this.channel = channel;
  }

  /** The channel's pause state, created on first use (always on the channel's event loop). */
  static InputPause of(Channel channel) {
    InputPause pause = channel.attr(KEY).get();
    if (pause == null) {
      pause = new InputPause(channel);
      channel.attr(KEY).set(pause);
    }
    return pause;
  }

  void pause(Reason reason) {
    if (reasons.add(reason)) {
      channel.config().setAutoRead(false);
    }
  }

  void resume(Reason reason) {
    if (reasons.remove(reason) && reasons.isEmpty()) {
      channel.config().setAutoRead(true);
    }
  }

  boolean paused() {
    return !reasons.isEmpty();
  }
}
