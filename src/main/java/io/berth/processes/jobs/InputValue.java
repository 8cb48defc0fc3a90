package io.berth.processes.jobs;

import tools.jackson.databind.JsonNode;

/**
 * One occurrence of an input: a value given in the request ({@code value}; bytes when it is
 * base64-encoded binary, decoded into {@code base64} untouched), or a reference ({@code href}).
 */
public record InputValue(JsonNode value, String href, String mediaType, boolean base64) {

  public static InputValue literal(JsonNode value) {
    return new InputValue(value, null, null, false);
  }

  public boolean reference() {
    return href != null;
  }
}
