package io.berth.pods;

import com.fasterxml.jackson.annotation.JsonValue;

/** The observed state of a pod, spelled exactly as Tapis Pods spells it. */
public enum PodStatus {
  REQUESTED("REQUESTED"),
  SPAWNER_SETUP("SPAWNER SETUP"),
  CREATING("CREATING"),
  AVAILABLE("AVAILABLE"),
  DELETING("DELETING"),
  STOPPED("STOPPED"),
  ERROR("ERROR"),
  COMPLETE("COMPLETE");

  private final String text;

  PodStatus(String text) {
    this.text = text;
  }

  @JsonValue
  public String text() {
    return text;
  }

  public static PodStatus fromText(String text) {
    for (PodStatus status : values()) {
      if (status.text.equals(text)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown pod status " + text);
  }
}
