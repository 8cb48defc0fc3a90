package io.berth.web;

import java.util.Map;

/**
 * The Tapis response envelope every endpoint answers with: {@code status} is "success" or "error",
 * {@code result} carries the payload.
 */
public record Envelope<T>(
    String status, String message, T result, String version, Map<String, Object> metadata) {

  public static final String VERSION = "1.8.0";

  public static <T> Envelope<T> ok(T result) {
    return ok("The request was successful.", result);
  }

  public static <T> Envelope<T> ok(String message, T result) {
    return new Envelope<>("success", message, result, VERSION, Map.of());
  }

  public static Envelope<Object> error(String message) {
    return new Envelope<>("error", message, null, VERSION, Map.of());
  }
}
