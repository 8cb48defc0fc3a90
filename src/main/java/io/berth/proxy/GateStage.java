package io.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.Executor;

/**
 * The access gate of gated routes (tapis_auth): open routes pass at once; for a gated one the
 * request and its body wait, with reading paused, while the token or session is checked off the
 * event loop (the check may read the database). A refused request is answered here, 401 without
 * credentials and 403 with the reason otherwise, with the route's CORS headers. A client off the
 * route's ip_allow_list is refused (403) first; a CORS preflight is then answered here, before any
 * credential is asked for.
 */
final class GateStage extends RequestStage {
  private final AccessGate gate;
  private final Executor checks;
  private final ProxyMetrics metrics;
  private final BrowserSignIn signIn;

  GateStage(AccessGate gate, Executor checks, ProxyMetrics metrics) {
    this(gate, checks, metrics, null);
  }

  /**
   * @param signIn sends browsers without credentials to Berth's sign-in and redeems the ticket they
   *     come back with; null to answer 401 to browsers too
   */
  GateStage(AccessGate gate, Executor checks, ProxyMetrics metrics, BrowserSignIn signIn) {
    super(InputPause.Reason.ACCESS_CHECK);
    this.gate = gate;
    this.checks = checks;
    this.metrics = metrics;
    this.signIn = signIn;
  }

  @Override
  boolean isRequest(Object msg) {
    return msg instanceof ProxiedRequest;
  }

  @Override
  void onRequest(ChannelHandlerContext ctx, Object msg) {
    ProxiedRequest request = (ProxiedRequest) msg;
    if (!request.route().admits(ctx.channel().remoteAddress())) {
      metrics.request("http", "forbidden");
      refuse(
          request,
          HttpResponseStatus.FORBIDDEN,
          "Access refused: your address is not on this pod's ip_allow_list.");
      return;
    }
    if (request.route().cors().isPreflight(request.request())) {
      metrics.request("http", "preflight");
      answer(
          request.request(),
          keepAlive -> request.route().cors().preflight(request.request(), keepAlive),
          false);
      return;
    }
    if (!request.route().gated()) {
      pass(request);
      return;
    }
    if (signIn != null && BrowserSignIn.isTicketPath(request.request().uri())) {
      redeem(request);
      return;
    }
    AccessGate.Credentials credentials = CredentialFilter.credentials(request.request().headers());
    long ticket = hold();
    checks.execute(() -> {
      AccessGate.Verdict verdict;
      try {
        verdict = gate.check(request.route(), credentials);
      } catch (RuntimeException e) {
        verdict = new AccessGate.Verdict.Denied("the access check failed");
      }
      AccessGate.Verdict decided = verdict;
      ctx.executor()
          .execute(() -> {
            if (current(ticket)) {
              decide(request, decided);
            }
          });
    });
  }

  private void decide(ProxiedRequest request, AccessGate.Verdict verdict) {
    switch (verdict) {
      case AccessGate.Verdict.Allowed allowed -> pass(request.admitted(allowed));
      case AccessGate.Verdict.NoCredentials n
          when signIn != null && ProxyPages.isBrowser(request.request()) -> {
        metrics.request("http", "sign_in");
        // a visit to the pod's root returns to its tapis_auth_return_path, any other to itself
        String uri = request.request().uri();
        String back = uri.equals("/") ? request.route().returnPath() : uri;
        String to = signIn.signInUrl(request.route().host(), back);
        answer(request.request(), keepAlive -> ProxyPages.redirect(to, null, keepAlive), false);
      }
      case AccessGate.Verdict.NoCredentials n -> {
        metrics.request("http", "unauthorized");
        refuse(
            request,
            HttpResponseStatus.UNAUTHORIZED,
            "This address is protected: send a Berth token (X-Tapis-Token or Authorization: Bearer).");
      }
      case AccessGate.Verdict.Denied d -> {
        metrics.request("http", "forbidden");
        refuse(request, HttpResponseStatus.FORBIDDEN, "Access refused: " + d.reason() + ".");
      }
    }
  }

  /**
   * The gate's own 401/403 page, with the route's CORS headers for an allowed origin: a browser app
   * on another origin then sees the status instead of an opaque CORS error.
   */
  private void refuse(ProxiedRequest request, HttpResponseStatus status, String detail) {
    String origin = request.request().headers().get(HttpHeaderNames.ORIGIN);
    answer(
        request.request(),
        keepAlive -> {
          FullHttpResponse page = ErrorPages.response(status, detail, keepAlive);
          request.route().cors().apply(page.headers(), origin);
          return page;
        },
        false);
  }

  /** The browser's way back from Berth's sign-in: a ticket becomes this host's session cookie. */
  private void redeem(ProxiedRequest request) {
    var redeemed = signIn.redeem(request.route().host(), request.request().uri());
    if (redeemed.isEmpty()) {
      metrics.request("http", "forbidden");
      answer(
          request.request(),
          HttpResponseStatus.FORBIDDEN,
          "This sign-in link is not valid here, has expired or was used; open the pod's address"
              + " again.",
          false);
      return;
    }
    metrics.request("http", "signed_in");
    String cookie = signIn.cookie(redeemed.get(), false);
    String to = redeemed.get().returnPath();
    answer(request.request(), keepAlive -> ProxyPages.redirect(to, cookie, keepAlive), false);
  }
}
