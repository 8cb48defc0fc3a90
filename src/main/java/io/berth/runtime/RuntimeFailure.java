package io.berth.runtime;

public class RuntimeFailure extends RuntimeException {
  public RuntimeFailure(String message) {
    super(message);
  }
}
