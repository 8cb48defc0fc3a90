package io.berth.processes;

import io.berth.processes.catalog.OgcException;
import io.berth.web.ApiException;
import io.berth.web.BodyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every refusal of OGC API - Processes as an RFC 7807 document in {@code application/json} (what
 * the OGC test suites expect), with OGC's exception types; refusals of the features it uses
 * (volumes, quotas) keep their status and message. Never a stack trace.
 */
@RestControllerAdvice(
    assignableTypes = {LandingController.class, ProcessController.class, JobController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class OgcErrors {
  private static final Logger log = LoggerFactory.getLogger(OgcErrors.class);

  static ObjectNode document(OgcException e) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("type", e.type());
    doc.put("title", e.status().getReasonPhrase());
    doc.put("status", e.status().value());
    doc.put("detail", e.getMessage());
    return doc;
  }

  static ResponseEntity<ObjectNode> respond(OgcException e) {
    return ResponseEntity.status(e.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(document(e));
  }

  @ExceptionHandler(OgcException.class)
  ResponseEntity<ObjectNode> ogc(OgcException e) {
    return respond(e);
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ObjectNode> api(ApiException e) {
    return respond(new OgcException(e.status(), OgcException.GENERIC, e.getMessage()));
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<ObjectNode> tooLarge(BodyTooLargeException e) {
    return respond(
        new OgcException(HttpStatus.CONTENT_TOO_LARGE, OgcException.GENERIC, e.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ObjectNode> parameter(MethodArgumentTypeMismatchException e) {
    return respond(OgcException.invalid("Parameter " + e.getName() + " has an invalid value."));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ObjectNode> missing(MissingServletRequestParameterException e) {
    return respond(OgcException.missing("Parameter " + e.getParameterName() + " is required."));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ObjectNode> unexpected(Exception e) {
    if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
      // the rest of Spring MVC's own refusals (406, a missing header, ...)
      String detail = known.getBody().getDetail();
      return respond(
          new OgcException(
              HttpStatus.valueOf(known.getStatusCode().value()),
              OgcException.GENERIC,
              detail == null ? "The request was refused." : detail));
    }
    log.error("Unexpected failure while serving an OGC API - Processes request", e);
    return respond(
        new OgcException(
            HttpStatus.INTERNAL_SERVER_ERROR,
            OgcException.NO_APPLICABLE_CODE,
            "Berth could not complete the request because of an internal error; it has been logged."));
  }
}
