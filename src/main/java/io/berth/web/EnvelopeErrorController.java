package io.berth.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page every status set outside Berth's handlers is forwarded to (Tomcat's 405 for TRACE,
 * a filter's {@code sendError}): the Tapis envelope, in place of Spring Boot's own JSON.
 */
@RestController
class EnvelopeErrorController implements ErrorController {
  private static final Logger log = LoggerFactory.getLogger(EnvelopeErrorController.class);

  @RequestMapping(value = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
  ResponseEntity<?> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (!(code instanceof Integer status)) {
      // someone asked for /error itself
      return ApiExceptionHandler.respond(HttpStatus.NOT_FOUND, "No such endpoint: /error");
    }
    Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (status >= 500 && failure instanceof Throwable t) {
      log.error("Unexpected failure while serving a request", t);
    }
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String text =
        ErrorMessages.of(
            status,
            message instanceof String m ? m : null,
            request.getMethod(),
            path instanceof String p ? p : null);
    if (status == HttpStatus.BAD_REQUEST.value()) {
      return ApiExceptionHandler.respond(HttpStatus.BAD_REQUEST, text);
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Envelope.error(text));
  }
}
