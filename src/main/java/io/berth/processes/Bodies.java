package io.berth.processes;

import io.berth.processes.catalog.OgcException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies of OGC API - Processes, read whole but never past a bound. */
final class Bodies {
  static final int MAX_BYTES = 1024 * 1024;

  private Bodies() {}

  static byte[] read(HttpServletRequest request) {
    if (request.getContentLengthLong() > MAX_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw OgcException.invalid("The request body could not be read: " + e.getMessage());
    }
  }

  static JsonNode json(HttpServletRequest request, JsonMapper json) {
    byte[] body = read(request);
    if (body.length == 0) {
      throw OgcException.invalid("The request body is empty: send a JSON execute request.");
    }
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw OgcException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static OgcException tooLarge() {
    return new OgcException(
        HttpStatus.CONTENT_TOO_LARGE,
        OgcException.GENERIC,
        "The request body is larger than " + MAX_BYTES + " bytes.");
  }
}
