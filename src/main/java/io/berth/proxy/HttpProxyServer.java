package io.berth.proxy;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.File;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * Routes HTTP/1.1 and WebSocket by Host header to pods' containers with Reactor Netty: bodies
 * stream both ways without being gathered, connections to pods are pooled and kept alive, and
 * X-Forwarded-For/Proto/Host tell the pod who asked. Answers itself with 404 for an unknown
 * host, 503 naming the status of a pod that is not AVAILABLE, 401/403 at a closed gate, and
 * 502/504 when the pod fails or is too slow.
 */
class HttpProxyServer {
  private static final Logger log = LoggerFactory.getLogger(HttpProxyServer.class);
  static final String SESSION_COOKIE = "berth_session";
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
          "transfer-encoding", "upgrade", "proxy-connection", "x-tapis-token");
  private static final int MAX_FRAME = 64 * 1024 * 1024;

  private final RouteTable table;
  private final AccessGate gate;
  private final ProxyProperties properties;
  private final ProxyMetrics metrics;
  private DisposableServer server;
  private HttpClient client;
  private ConnectionProvider pool;

  HttpProxyServer(RouteTable table, AccessGate gate, ProxyProperties properties, ProxyMetrics metrics) {
    this.table = table;
    this.gate = gate;
    this.properties = properties;
    this.metrics = metrics;
  }

  void start() {
    pool =
        ConnectionProvider.builder("berth-proxy")
            .maxConnections(2048)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    client =
        HttpClient.create(pool)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
            .responseTimeout(properties.responseTimeout())
            .followRedirect(false)
            .keepAlive(true);
    HttpServer http =
        HttpServer.create()
            .host(properties.bindAddress())
            .port(properties.port())
            .idleTimeout(properties.idleTimeout())
            .handle(this::handle);
    if (properties.tls()) {
      http =
          http.secure(
              spec ->
                  spec.sslContext(
                      Http11SslContextSpec.forServer(
                          new File(properties.tlsCertificate()), new File(properties.tlsPrivateKey()))));
    }
    server = http.bindNow(Duration.ofSeconds(10));
    log.info("Proxy listening on {}:{}", properties.bindAddress(), server.port());
  }

  int port() {
    return server.port();
  }

  void stop() {
    if (server != null) {
      server.disposeNow(Duration.ofSeconds(5));
    }
    if (pool != null) {
      pool.disposeLater().block(Duration.ofSeconds(5));
    }
  }

  private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    long start = System.nanoTime();
    String host = UrlScheme.normalizeHost(req.requestHeaders().get(HttpHeaderNames.HOST));
    Route route = table.byHost(host);
    if (route == null) {
      return page(res, 404, "Not Found", "No pod answers at " + host + ".", "not_found");
    }
    if (!route.available()) {
      return page(
          res,
          503,
          "Service Unavailable",
          "Pod " + route.podId() + " is " + route.status() + "; it answers here once it is AVAILABLE.",
          "unavailable");
    }
    if (!route.gated()) {
      return forward(req, res, route, null, start);
    }
    String headerToken = headerToken(req);
    String token = headerToken != null ? headerToken : cookieToken(req);
    return Mono.fromCallable(() -> gate.check(route, token))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            verdict ->
                Mono.from(
                    switch (verdict) {
                      case AccessGate.Verdict.Allowed a ->
                          forward(req, res, route, headerToken, start);
                      case AccessGate.Verdict.NoCredentials n ->
                          page(
                              res,
                              401,
                              "Unauthorized",
                              "This address is protected: send a Berth token (X-Tapis-Token or"
                                  + " Authorization: Bearer).",
                              "unauthorized");
                      case AccessGate.Verdict.Denied d ->
                          page(res, 403, "Forbidden", "Access refused: " + d.reason() + ".", "forbidden");
                    }));
  }

  /** Forwards to the pod; a token that came in a header becomes a session cookie for browsers. */
  private Publisher<Void> forward(
      HttpServerRequest req, HttpServerResponse res, Route route, String sessionToken, long start) {
    HttpHeaders headers = forwardedHeaders(req, route.gated());
    if (upgradesToWebsocket(req)) {
      return websocket(req, res, route, headers);
    }
    String uri = "http://" + route.target() + req.uri();
    // headers are set on the request itself: client.headers(...) would copy the client per request
    return client
        .request(req.method())
        .uri(uri)
        .send(
            (creq, out) -> {
              creq.headers(headers);
              return out.send(req.receive().retain().doOnNext(b -> metrics.bytesIn(b.readableBytes())));
            })
        .response(
            (cres, body) -> {
              res.status(cres.status());
              copyResponseHeaders(cres.responseHeaders(), res.responseHeaders());
              if (sessionToken != null) {
                DefaultCookie cookie = new DefaultCookie(SESSION_COOKIE, sessionToken);
                cookie.setHttpOnly(true);
                cookie.setPath("/");
                cookie.setSecure(properties.tls());
                res.addHeader(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie) + "; SameSite=Lax");
              }
              return res.send(body.retain().doOnNext(b -> metrics.bytesOut(b.readableBytes())));
            })
        .then()
        .doOnSuccess(v -> metrics.request("http", "proxied"))
        .onErrorResume(e -> failed(res, route, e))
        .doFinally(s -> metrics.latency(start));
  }

  private Publisher<Void> websocket(
      HttpServerRequest req, HttpServerResponse res, Route route, HttpHeaders headers) {
    String protocols = req.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    headers.remove(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    headers.remove(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    headers.remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
    headers.remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    metrics.request("websocket", "proxied");
    return res.sendWebsocket(
        (in, out) ->
            client
                .headers(h -> copyWebsocketHeaders(headers, h))
                .websocket(clientSpec(protocols))
                .uri("ws://" + route.target() + req.uri())
                .handle(
                    (cin, cout) ->
                        Mono.when(
                            cout.sendObject(in.receiveFrames().map(WebSocketFrame::retain)).then(),
                            out.sendObject(cin.receiveFrames().map(WebSocketFrame::retain)).then()))
                .then(),
        serverSpec(protocols));
  }

  /** Subprotocols pass through only when the client asked for some (null is not allowed). */
  private static WebsocketClientSpec clientSpec(String protocols) {
    WebsocketClientSpec.Builder spec =
        WebsocketClientSpec.builder().handlePing(false).maxFramePayloadLength(MAX_FRAME);
    return (protocols == null ? spec : spec.protocols(protocols)).build();
  }

  private static WebsocketServerSpec serverSpec(String protocols) {
    WebsocketServerSpec.Builder spec =
        WebsocketServerSpec.builder().handlePing(false).maxFramePayloadLength(MAX_FRAME);
    return (protocols == null ? spec : spec.protocols(protocols)).build();
  }

  private HttpHeaders forwardedHeaders(HttpServerRequest req, boolean gated) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (Map.Entry<String, String> h : req.requestHeaders()) {
      String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || name.equals("host")) {
        continue;
      }
      if (gated && name.equals("cookie")) {
        String others = withoutSessionCookie(h.getValue());
        if (!others.isEmpty()) {
          headers.add(h.getKey(), others);
        }
        continue;
      }
      if (gated && name.equals("authorization") && h.getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
        continue;
      }
      headers.add(h.getKey(), h.getValue());
    }
    InetSocketAddress remote = req.remoteAddress();
    String client = remote == null ? "unknown" : remote.getAddress().getHostAddress();
    String prior = req.requestHeaders().get("X-Forwarded-For");
    headers.set("X-Forwarded-For", prior == null ? client : prior + ", " + client);
    headers.set("X-Forwarded-Proto", properties.tls() ? "https" : "http");
    String host = req.requestHeaders().get(HttpHeaderNames.HOST, "");
    headers.set("X-Forwarded-Host", host);
    // the pod sees the name it was asked by, as behind any reverse proxy that preserves Host
    headers.set(HttpHeaderNames.HOST, host);
    if (upgradesToWebsocket(req)) {
      headers.remove(HttpHeaderNames.CONNECTION);
      headers.remove(HttpHeaderNames.UPGRADE);
    }
    return headers;
  }

  private static void copyResponseHeaders(HttpHeaders from, HttpHeaders to) {
    for (Map.Entry<String, String> h : from) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        to.add(h.getKey(), h.getValue());
      }
    }
  }

  private Mono<Void> failed(HttpServerResponse res, Route route, Throwable e) {
    if (res.hasSentHeaders()) {
      metrics.request("http", "aborted");
      return Mono.empty();
    }
    boolean timeout =
        e instanceof TimeoutException
            || e instanceof ReadTimeoutException
            || e.getCause() instanceof ReadTimeoutException;
    return timeout
        ? page(res, 504, "Gateway Timeout", "Pod " + route.podId() + " did not answer in time.", "timeout")
        : page(res, 502, "Bad Gateway", "Pod " + route.podId() + " could not be reached.", "bad_gateway");
  }

  private Mono<Void> page(HttpServerResponse res, int status, String title, String detail, String outcome) {
    metrics.request("http", outcome);
    byte[] body = ErrorPages.page(status, title, detail);
    return res.status(HttpResponseStatus.valueOf(status))
        .header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendByteArray(Mono.just(body))
        .then();
  }

  /** The handshake headers are the client's own; the rest (cookies, origin, forwarding) pass. */
  private static void copyWebsocketHeaders(HttpHeaders from, HttpHeaders to) {
    for (Map.Entry<String, String> h : from) {
      String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
      if (!name.startsWith("sec-websocket") && !name.equals("host") && !name.equals("content-length")) {
        to.add(h.getKey(), h.getValue());
      }
    }
  }

  private static boolean upgradesToWebsocket(HttpServerRequest req) {
    return "websocket".equalsIgnoreCase(req.requestHeaders().get(HttpHeaderNames.UPGRADE));
  }

  private static String headerToken(HttpServerRequest req) {
    String tapis = req.requestHeaders().get("X-Tapis-Token");
    if (tapis != null && !tapis.isBlank()) {
      return tapis.trim();
    }
    String authorization = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return null;
  }

  private static String cookieToken(HttpServerRequest req) {
    String header = req.requestHeaders().get(HttpHeaderNames.COOKIE);
    if (header == null) {
      return null;
    }
    for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
      if (SESSION_COOKIE.equals(c.name())) {
        return c.value();
      }
    }
    return null;
  }

  private static String withoutSessionCookie(String header) {
    return ServerCookieDecoder.LAX.decode(header).stream()
        .filter(c -> !SESSION_COOKIE.equals(c.name()))
        .map(c -> c.name() + "=" + c.value())
        .collect(Collectors.joining("; "));
  }
}
