package io.berth.ops.status;

/**
 * Delivers an alert one way (webhook, email); failures are logged by the caller, never thrown on.
 */
interface AlertSender {
  String type();

  void send(AlertNotice notice) throws Exception;
}
