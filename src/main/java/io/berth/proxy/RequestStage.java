package io.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.Function;

/**
 * A stage that decides about each request head before it goes on: pass it at once, hold it (and its
 * body) while something is looked up off the event loop, or answer it here and drop the rest of its
 * body. The {@link ExchangeSequencer} ahead lets one exchange through at a time, so a stage only
 * ever deals with the request in progress.
 */
abstract class RequestStage extends ChannelInboundHandlerAdapter {
  /** What becomes of the current request's body. */
  enum Mode {
    /** It follows its head down the pipeline. */
    PASS,
    /** It waits here with its head until the stage decides. */
    HOLD,
    /** The request was answered here: the rest of its body is read and dropped. */
    DISCARD
  }

  private final HeldBody held;
  private Mode mode = Mode.PASS;
  private ChannelHandlerContext ctx;

  /** Counts decisions, so a late answer for a request that is gone is dropped. */
  private long decision;

  /** Inside {@link #channelRead}: a read-complete event follows by itself. */
  private boolean reading;

  RequestStage(InputPause.Reason holdReason) {
    this.held = new HeldBody(holdReason);
  }

  /** Decides about a request head: calls {@link #pass}, {@link #hold} or {@link #answer}. */
  abstract void onRequest(ChannelHandlerContext ctx, Object request);

  /** Whether a message is a request head this stage decides about. */
  abstract boolean isRequest(Object msg);

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (isRequest(msg)) {
      held.release(ctx.channel());
      mode = Mode.PASS;
      decision++;
      reading = true;
      try {
        onRequest(ctx, msg);
      } finally {
        reading = false;
      }
      if (msg instanceof LastHttpContent && mode == Mode.DISCARD) {
        mode = Mode.PASS; // a head that is also the whole request: nothing more to drop
      }
      return;
    }
    if (!(msg instanceof HttpContent content) || msg instanceof HttpRequest) {
      ctx.fireChannelRead(msg);
      return;
    }
    switch (mode) {
      case PASS -> ctx.fireChannelRead(content);
      case HOLD -> held.add(ctx.channel(), content);
      case DISCARD -> {
        content.release();
        if (content.decoderResult().isFailure()) {
          ctx.close(); // the rest of the stream cannot be read as HTTP any more
        } else if (content instanceof LastHttpContent) {
          mode = Mode.PASS;
        }
      }
    }
  }

  Mode mode() {
    return mode;
  }

  /** Holds the request's body while the stage waits; returns a ticket for {@link #current}. */
  long hold() {
    mode = Mode.HOLD;
    return decision;
  }

  /** Whether a ticket from {@link #hold} still names the request in progress. */
  boolean current(long ticket) {
    return ticket == decision && mode == Mode.HOLD && ctx.channel().isActive();
  }

  /** Sends the (possibly rewritten) request on, and whatever of its body was held. */
  void pass(Object request) {
    mode = Mode.PASS;
    ctx.fireChannelRead(request);
    held.passOn(ctx.channel(), ctx::fireChannelRead, () -> true);
    if (!reading) {
      ctx.fireChannelReadComplete(); // decided later: flushed as after any read
    }
  }

  /**
   * Answers the request here with a small page; the connection stays open when the client keeps it
   * alive and {@code close} is false.
   */
  void answer(HttpRequest request, HttpResponseStatus status, String detail, boolean close) {
    answer(request, keepAlive -> ErrorPages.response(status, detail, keepAlive), close);
  }

  /**
   * Answers the request here with a response made for the connection's fate (kept alive or not).
   */
  void answer(HttpRequest request, Function<Boolean, FullHttpResponse> response, boolean close) {
    boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
    boolean ended = held.ended();
    boolean broken = held.broken();
    held.release(ctx.channel());
    mode = ended || broken ? Mode.PASS : Mode.DISCARD;
    ErrorPages.send(ctx, response.apply(keepAlive && !broken), keepAlive && !broken);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    held.release(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    held.release(ctx.channel());
  }
}
