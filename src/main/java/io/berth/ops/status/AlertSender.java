package io.berth.ops.status;

/**
 * Delivers a notice (a status alert, a pod's stop warning) one way (webhook, email); failures are
 * logged by the caller, never thrown on.
 */
interface AlertSender {
  String type();

  void send(Notice notice) throws Exception;
}
