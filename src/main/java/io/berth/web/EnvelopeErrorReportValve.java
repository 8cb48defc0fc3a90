package io.berth.web;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last word on an error nobody else answered (a path with bad percent-encoding, headers
 * over the limit, a malformed request line): the Tapis envelope in JSON instead of Tomcat's HTML
 * page. Installed on the host in place of Tomcat's own valve by {@link ErrorPagesConfig}.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    Throwable cause =
        throwable != null
            ? throwable
            : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    String detail = response.getMessage();
    if ((detail == null || detail.isBlank()) && cause != null && status < 500) {
      detail = cause.getMessage();
    }
    String body =
        JSON.writeValueAsString(
            ApiExceptionHandler.body(
                status, ErrorMessages.of(status, detail, request.getMethod(), safePath(request))));
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
      }
    } catch (IOException | IllegalStateException e) {
      // the connection is gone or the response committed: nothing more can be said
    }
  }

  /** The path as received, only when it is printable: a malformed one is not repeated. */
  private static String safePath(Request request) {
    String uri = request.getRequestURI();
    return uri == null || !uri.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? null : uri;
  }
}
