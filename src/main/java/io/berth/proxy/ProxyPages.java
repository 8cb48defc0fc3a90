package io.berth.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * What a browser sees at a pod's address when the pod cannot answer, in the web interface's look: a
 * starting pod's page reloads itself until the pod answers, a stopped one links to Berth's Start
 * form, one in ERROR says why, an unknown address says so. API clients (anything that does not ask
 * for HTML) keep the plain pages.
 */
@Component
class ProxyPages {
  private static final Set<String> STARTING =
      Set.of("REQUESTED", "SPAWNER SETUP", "CREATING", "RESTARTING");

  private final ITemplateEngine templates;
  private final BrowserSignIn signIn;

  ProxyPages(ITemplateEngine templates, BrowserSignIn signIn) {
    this.templates = templates;
    this.signIn = signIn;
  }

  /** A top-level page load of a browser: GET or HEAD asking for HTML. */
  static boolean isBrowser(HttpRequest request) {
    String accept = request.headers().get(HttpHeaderNames.ACCEPT);
    return (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
        && accept != null
        && accept.contains("text/html");
  }

  /** The page of a pod that is not AVAILABLE. */
  FullHttpResponse unavailable(Route route, String host, boolean keepAlive) {
    String state =
        STARTING.contains(route.status())
            ? "starting"
            : "ERROR".equals(route.status())
                ? "error"
                : "AVAILABLE".equals(route.status()) ? "starting" : "stopped";
    return pod(state, route, route.status(), host, keepAlive);
  }

  /** The page of a pod that starts: woken by this visit, or starting already. */
  FullHttpResponse starting(Route route, boolean keepAlive) {
    String status = STARTING.contains(route.status()) ? route.status() : "REQUESTED";
    return pod("starting", route, status, route.host(), keepAlive);
  }

  private FullHttpResponse pod(
      String state, Route route, String status, String host, boolean keepAlive) {
    Map<String, Object> model =
        Map.of(
            "state",
            state,
            "podId",
            route.podId(),
            "status",
            status,
            "host",
            host,
            "reason",
            route.reason() == null ? "" : route.reason(),
            "startUrl",
            signIn.startUrl(route.podId()));
    return page(HttpResponseStatus.SERVICE_UNAVAILABLE, model, keepAlive);
  }

  /** The page of an address no pod answers at. */
  FullHttpResponse unknown(String host, boolean keepAlive) {
    return page(
        HttpResponseStatus.NOT_FOUND,
        Map.of(
            "state",
            "unknown",
            "podId",
            "",
            "status",
            "",
            "host",
            host,
            "reason",
            "",
            "startUrl",
            ""),
        keepAlive);
  }

  /** A redirect, optionally setting the proxy's session cookie. */
  static FullHttpResponse redirect(String location, String setCookie, boolean keepAlive) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER);
    res.headers()
        .set(HttpHeaderNames.LOCATION, location)
        .set(HttpHeaderNames.CONTENT_LENGTH, 0)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if (setCookie != null) {
      res.headers().set(HttpHeaderNames.SET_COOKIE, setCookie);
    }
    HttpUtil.setKeepAlive(res, keepAlive);
    return res;
  }

  private FullHttpResponse page(
      HttpResponseStatus status, Map<String, Object> model, boolean keepAlive) {
    Context context = new Context();
    context.setVariables(model);
    context.setVariable("berth", signIn.berthUrl());
    byte[] body = templates.process("proxy-pod", context).getBytes(StandardCharsets.UTF_8);
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if ("starting".equals(model.get("state"))) {
      res.headers().set(HttpHeaderNames.RETRY_AFTER, 3);
    }
    HttpUtil.setKeepAlive(res, keepAlive);
    return res;
  }
}
