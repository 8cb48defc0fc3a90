package io.berth.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The first stage after the HTTP codec: one exchange at a time goes down the pipeline, so that
 * answers leave in the order requests came, whichever stage answers. A pipelined request waits here
 * (and reading pauses) until the exchange before it has both read its request and written the last
 * part of its response, which this stage sees pass on the way out.
 */
final class ExchangeSequencer extends ChannelDuplexHandler {
  /** Where the exchange in progress is. */
  enum Phase {
    /** No exchange: the next request goes down at once. */
    IDLE,
    /** The request's body is still arriving and its response is not complete. */
    OPEN,
    /** The request arrived whole; its response is not complete yet. */
    REQUEST_DONE,
    /** The response went out whole; the rest of the request is still arriving. */
    RESPONSE_DONE
  }

  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private Phase phase = Phase.IDLE;

  /** A 1xx response went out: the next last part ends it, not the exchange. */
  private boolean informational;

  private ChannelHandlerContext ctx;

  Phase phase() {
    return phase;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!waiting.isEmpty() || (msg instanceof HttpRequest && phase != Phase.IDLE)) {
      waiting.add(msg);
      InputPause.of(ctx.channel()).pause(InputPause.Reason.NEXT_REQUEST);
      return;
    }
    pass(msg);
  }

  private void pass(Object msg) {
    if (msg instanceof HttpRequest) {
      phase = Phase.OPEN;
    }
    boolean requestEnds = msg instanceof LastHttpContent && phase != Phase.IDLE;
    ctx.fireChannelRead(msg);
    if (requestEnds) {
      phase = phase == Phase.RESPONSE_DONE ? Phase.IDLE : Phase.REQUEST_DONE;
      if (phase == Phase.IDLE) {
        passWaiting();
      }
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse res) {
      informational = res.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }
    if (msg instanceof LastHttpContent && informational) {
      informational = false;
    } else if (msg instanceof LastHttpContent && phase != Phase.IDLE) {
      phase = phase == Phase.REQUEST_DONE ? Phase.IDLE : Phase.RESPONSE_DONE;
      if (phase == Phase.IDLE && !waiting.isEmpty()) {
        // not from inside a stage's write: the next request starts once it has returned
        ctx.executor().execute(this::passWaitingLater);
      }
    }
    ctx.write(msg, promise);
  }

  /** As after a read: what the stages wrote on is flushed when the batch is done. */
  private void passWaitingLater() {
    passWaiting();
    ctx.fireChannelReadComplete();
  }

  /** Lets the waiting messages go, in order, until the next request has to wait again. */
  private void passWaiting() {
    while (!waiting.isEmpty()) {
      Object next = waiting.peek();
      if (next instanceof HttpRequest && phase != Phase.IDLE) {
        return;
      }
      waiting.poll();
      pass(next);
    }
    if (ctx.channel().isActive()) {
      InputPause.of(ctx.channel()).resume(InputPause.Reason.NEXT_REQUEST);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close(); // nothing either way for the idle timeout
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseWaiting();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseWaiting();
  }

  private void releaseWaiting() {
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
  }
}
