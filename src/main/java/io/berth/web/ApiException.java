package io.berth.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal the API answers with its status code and a message naming the field and the rule.
 * Thrown by features; rendered as an error {@link Envelope} by {@link ApiExceptionHandler}.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;

  public ApiException(HttpStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(HttpStatus.FORBIDDEN, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(HttpStatus.CONFLICT, message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, message);
  }
}
