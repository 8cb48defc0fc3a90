package io.berth.proxy;

/**
 * Where the {@link Forwarder}'s exchange is: one value instead of flags, so that what may happen
 * next (a body part, a response, the pod closing, a timeout) is decided by one switch.
 */
enum ForwardState {
  /** No exchange; a kept-alive pod connection may wait for the next one. */
  IDLE,
  /** The request waits for its pod connection; its body is held meanwhile. */
  CONNECTING,
  /** The request's body goes to the pod; no answer yet. */
  SENDING,
  /** The request went out whole; the pod has the response timeout to start answering. */
  AWAITING,
  /** The pod answers before the request's body ended; both stream. */
  RESPONDING_EARLY,
  /** The pod's response streams to the client. */
  RESPONDING,
  /** The pod accepted a WebSocket upgrade: its 101 goes out, then the relay takes over. */
  UPGRADING,
  /** The exchange was answered before its request ended: the rest of the body is dropped. */
  DISCARDING
}
