package io.berth.web;

import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Describes why a JSON body could not be read, naming the field, in words a client can act on. */
final class JsonProblem {
  private JsonProblem() {}

  static String describe(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause == null) {
      return "The request body is missing or is not valid JSON.";
    }
    if (cause instanceof UnsafeTextException unsafe) {
      return unsafe.getOriginalMessage();
    }
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return "Field " + path(unknown) + " is not allowed: unknown field.";
    }
    if (cause instanceof InvalidFormatException format) {
      return "Field " + path(format) + " has the wrong type or format.";
    }
    if (cause instanceof MismatchedInputException mismatch) {
      String path = path(mismatch);
      if (!path.isEmpty()) {
        return "Field " + path + " has the wrong type.";
      }
      Class<?> target = mismatch.getTargetType();
      // a list body (images/bulk) is not an object: say what was expected
      return target != null && (target.isArray() || Collection.class.isAssignableFrom(target))
          ? "The request body must be a JSON array."
          : "The request body must be a JSON object.";
    }
    if (cause instanceof StreamReadException) {
      return "The request body is not valid JSON.";
    }
    if (cause instanceof DatabindException databind && !path(databind).isEmpty()) {
      return "Field " + path(databind) + " is invalid.";
    }
    if (cause instanceof JacksonException) {
      return "The request body is not valid JSON.";
    }
    return "The request body is missing or is not valid JSON.";
  }

  private static String path(DatabindException e) {
    return e.getPath().stream()
        .map(ref ->
            ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
