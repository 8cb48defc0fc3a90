package io.berth.web;

import java.io.IOException;

/** Raised while reading a request body that grows past the API's limit. */
public class BodyTooLargeException extends IOException {
  public BodyTooLargeException(long limit) {
    super("The request body is larger than the limit of " + limit + " bytes.");
  }
}
