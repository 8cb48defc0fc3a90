package io.berth.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * How an exchange can end without the pod's complete response: answered with a page in the pod's
 * stead while nothing of a response went out, else by cutting the client's connection.
 */
enum ExchangeFailure {
  /** The client's body broke off as unreadable HTTP (a chunk size that overflows, say). */
  MALFORMED_REQUEST(
      HttpResponseStatus.BAD_REQUEST,
      "bad_request",
      "The request's body could not be read as HTTP/1.1."),
  /** A gated route's request that did not pass the gate (a stage missing: never forwarded). */
  NOT_ADMITTED(
      HttpResponseStatus.FORBIDDEN, "forbidden", "Access refused: the gate did not pass it."),
  UNREACHABLE(HttpResponseStatus.BAD_GATEWAY, "bad_gateway", "Pod %s could not be reached."),
  TOO_SLOW(HttpResponseStatus.GATEWAY_TIMEOUT, "timeout", "Pod %s did not answer in time."),
  /** The pod's answer is not HTTP: a 502, never a garbled or cut response. */
  BAD_RESPONSE(
      HttpResponseStatus.BAD_GATEWAY,
      "bad_gateway",
      "Pod %s answered with a response that is not valid HTTP/1.1."),
  /** The pod closed, or sent garbage, after part of its response went out. */
  CUT(HttpResponseStatus.BAD_GATEWAY, "aborted", "");

  final HttpResponseStatus status;
  final String outcome;
  private final String detail;

  ExchangeFailure(HttpResponseStatus status, String outcome, String detail) {
    this.status = status;
    this.outcome = outcome;
    this.detail = detail;
  }

  String detail(String podId) {
    return detail.formatted(podId);
  }
}
