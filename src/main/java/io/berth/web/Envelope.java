package io.berth.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The Tapis response envelope every endpoint answers with: {@code status} is "success" or "error",
 * {@code result} carries the payload, {@code version} is Berth's own. A refused value also carries
 * {@code detail}, the spec's {@code HTTPValidationError} list naming where and which rule.
 */
public record Envelope<T>(
    String status,
    String message,
    T result,
    String version,
    Map<String, Object> metadata,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<FieldError> detail) {

  /** Berth's own version, the same the healthcheck, the jar and {@code bin/berth version} show. */
  public static final String VERSION = BerthVersion.current();

  public static <T> Envelope<T> ok(T result) {
    return ok("The request was successful.", result);
  }

  public static <T> Envelope<T> ok(String message, T result) {
    return new Envelope<>("success", message, result, VERSION, Map.of(), null);
  }

  public static Envelope<Object> error(String message) {
    return new Envelope<>("error", message, null, VERSION, Map.of(), null);
  }

  /**
   * A refused value as Tapis answers it (400): {@code message} is the list of what is wrong, each
   * naming the field and the rule, and {@code detail} the same as the spec's HTTPValidationError.
   */
  public static Invalid invalid(List<String> messages, List<FieldError> detail) {
    return new Invalid("error", List.copyOf(messages), null, VERSION, Map.of(), detail);
  }

  /** The envelope of a refused value: Tapis sends its {@code message} as a list of strings. */
  public record Invalid(
      String status,
      List<String> message,
      Object result,
      String version,
      Map<String, Object> metadata,
      List<FieldError> detail) {}

  /**
   * One entry of {@code detail}, as Tapis's framework (FastAPI) shapes it: {@code loc} is where
   * ({@code ["body", "networking", "default", "port"]}, {@code ["path", "pod_id"]}), {@code msg}
   * the rule, {@code type} its kind ({@code missing}, {@code extra_forbidden}, {@code type_error},
   * {@code value_error}).
   */
  public record FieldError(List<Object> loc, String msg, String type) {}
}
