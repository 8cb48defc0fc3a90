package io.berth.ops.status;

/** The status configuration is wrong; the message names the key or condition and the rule. */
public class InvalidStatusConfigException extends RuntimeException {
  public InvalidStatusConfigException(String message) {
    super(message);
  }
}
