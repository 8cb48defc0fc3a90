package io.berth.processes.jobs;

/** How an output is wanted: {@code value} or {@code reference}, in a media type (or any). */
public record OutputRequest(String transmissionMode, String mediaType) {
  public static final String VALUE = "value";
  public static final String REFERENCE = "reference";

  public boolean byReference() {
    return REFERENCE.equals(transmissionMode);
  }
}
