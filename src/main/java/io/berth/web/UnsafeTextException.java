package io.berth.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;

/** A string in a request body broke {@link RequestText}'s rule; the message names the field. */
final class UnsafeTextException extends DatabindException {
  UnsafeTextException(JsonParser parser, String message) {
    super(parser, message);
  }
}
