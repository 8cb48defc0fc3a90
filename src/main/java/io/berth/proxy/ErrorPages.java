package io.berth.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/** The small HTML pages the proxy answers with when it cannot forward. */
final class ErrorPages {
  private ErrorPages() {}

  static byte[] page(int status, String title, String detail) {
    String html =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
            + status
            + " "
            + HtmlUtils.htmlEscape(title)
            + "</title><style>body{font-family:sans-serif;margin:3em;color:#333}"
            + "h1{font-size:1.4em}</style></head><body><h1>"
            + status
            + " "
            + HtmlUtils.htmlEscape(title)
            + "</h1><p>"
            + HtmlUtils.htmlEscape(detail)
            + "</p><p><small>Berth proxy</small></p></body></html>\n";
    return html.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends the page as the answer to the exchange in progress; closes after it unless kept alive.
   */
  static void send(
      ChannelHandlerContext ctx, HttpResponseStatus status, String detail, boolean keepAlive) {
    send(ctx, response(status, detail, keepAlive), keepAlive);
  }

  /** Sends a whole response as the answer; closes after it unless kept alive. */
  static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    ctx.writeAndFlush(response)
        .addListener(
            keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
  }

  /** The page as a whole response, kept alive or closing the connection after it. */
  static FullHttpResponse response(HttpResponseStatus status, String detail, boolean keepAlive) {
    byte[] body = page(status.code(), status.reasonPhrase(), detail);
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    HttpUtil.setKeepAlive(res, keepAlive);
    return res;
  }
}
