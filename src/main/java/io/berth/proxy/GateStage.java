package io.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.Executor;

/**
 * The access gate of gated routes (tapis_auth): open routes pass at once; for a gated one the
 * request and its body wait, with reading paused, while the token or session is checked off the
 * event loop (the check may read the database). A refused request is answered here, 401 without
 * credentials and 403 with the reason otherwise.
 */
final class GateStage extends RequestStage {
  private final AccessGate gate;
  private final Executor checks;
  private final ProxyMetrics metrics;

  GateStage(AccessGate gate, Executor checks, ProxyMetrics metrics) {
    super(InputPause.Reason.ACCESS_CHECK);
    this.gate = gate;
    this.checks = checks;
    this.metrics = metrics;
  }

  @Override
  boolean isRequest(Object msg) {
    return msg instanceof ProxiedRequest;
  }

  @Override
  void onRequest(ChannelHandlerContext ctx, Object msg) {
    ProxiedRequest request = (ProxiedRequest) msg;
    if (!request.route().gated()) {
      pass(request);
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
      case AccessGate.Verdict.NoCredentials n -> {
        metrics.request("http", "unauthorized");
        answer(
            request.request(),
            HttpResponseStatus.UNAUTHORIZED,
            "This address is protected: send a Berth token (X-Tapis-Token or Authorization: Bearer).",
            false);
      }
      case AccessGate.Verdict.Denied d -> {
        metrics.request("http", "forbidden");
        answer(
            request.request(),
            HttpResponseStatus.FORBIDDEN,
            "Access refused: " + d.reason() + ".",
            false);
      }
    }
  }
}
