package io.berth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the Tapis error envelope with a status from the 4xx family where the
 * caller is at fault. Unexpected failures are logged here and answered with a generic message:
 * never a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<?> api(ApiException e) {
    return respond(e.status(), e.getMessage());
  }

  /**
   * A rollback that failed after the transaction's own failure (a connection the pool closed, as
   * when the disk filled): the answer is the one the first failure deserves.
   */
  @ExceptionHandler(TransactionSystemException.class)
  ResponseEntity<?> rollbackFailed(TransactionSystemException e, HttpServletRequest request) {
    if (e.getApplicationException() instanceof ApiException refusal) {
      return api(refusal);
    }
    if (e.getApplicationException() instanceof PessimisticLockingFailureException
        || e.getApplicationException() instanceof QueryTimeoutException) {
      return lockTimeout((DataAccessException) e.getApplicationException());
    }
    return unexpected(e, request);
  }

  /**
   * A row lock waited for past the database's lock timeout (many requests of one user at once on a
   * loaded machine; H2 reports it as a query timeout): the transaction was rolled back, nothing
   * changed, and asking again will do.
   */
  @ExceptionHandler({PessimisticLockingFailureException.class, QueryTimeoutException.class})
  ResponseEntity<?> lockTimeout(DataAccessException e) {
    log.warn("Refused a request: a row lock was not granted in time ({})", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Envelope.error(
                "Berth is busy with other requests changing the same data (of this user, say);"
                    + " nothing was changed. Try again in a moment."));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<?> unreadable(HttpMessageNotReadableException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException tooLarge) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
      }
    }
    return respond(HttpStatus.BAD_REQUEST, JsonProblem.describe(e));
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<?> tooLarge(BodyTooLargeException e) {
    return respond(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<?> mediaType(HttpMediaTypeNotSupportedException e) {
    return respond(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type " + e.getContentType() + " is not supported; send application/json.");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<?> method(HttpRequestMethodNotSupportedException e) {
    return respond(
        HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here.");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<?> typeMismatch(MethodArgumentTypeMismatchException e) {
    return respond(HttpStatus.BAD_REQUEST, "Parameter " + e.getName() + " has an invalid value.");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<?> missingParameter(MissingServletRequestParameterException e) {
    return respond(HttpStatus.BAD_REQUEST, "Parameter " + e.getParameterName() + " is required.");
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<?> noRoute(NoResourceFoundException e) {
    return respond(HttpStatus.NOT_FOUND, "No such endpoint: /" + e.getResourcePath());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<?> unexpected(Exception e, HttpServletRequest request) {
    if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
      // the rest of Spring MVC's own refusals (406, a missing header, ...)
      int status = known.getStatusCode().value();
      String detail = known.getBody().getDetail();
      String text =
          detail != null && !detail.isBlank()
              ? detail
              : ErrorMessages.of(status, null, request.getMethod(), request.getRequestURI());
      return status == HttpStatus.BAD_REQUEST.value()
          ? respond(HttpStatus.BAD_REQUEST, text)
          : ResponseEntity.status(status)
              .contentType(MediaType.APPLICATION_JSON)
              .body(Envelope.error(text));
    }
    if (StorageFull.causes(e)) {
      // the server's lack of room, not a bug: one line, no stack trace
      log.warn("Refused a request: the disk is full ({})", e.getMessage());
      return respond(
          HttpStatus.INSUFFICIENT_STORAGE, StorageFull.refusal("The request").getMessage());
    }
    log.error("Unexpected failure while serving a request", e);
    return respond(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Berth could not complete the request because of an internal error; it has been logged.");
  }

  /**
   * A refused value (400) is answered as Tapis answers it: the messages as a list beside the spec's
   * HTTPValidationError {@code detail}; every other status with one message.
   */
  static ResponseEntity<?> respond(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body(status.value(), message));
  }

  /** The envelope of a refusal with this status: on 400 the list and detail, else one message. */
  static Object body(int status, String message) {
    return status == HttpStatus.BAD_REQUEST.value()
        ? Envelope.invalid(List.of(message), FieldErrors.from(message))
        : Envelope.error(message);
  }
}
