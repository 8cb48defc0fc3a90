package io.berth.pods;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Mounts a volume ({@code tapisvolume}) or a snapshot ({@code tapissnapshot}) into a pod. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeMount(String type, String mountPath, String subPath) {
  public static final String VOLUME = "tapisvolume";
  public static final String SNAPSHOT = "tapissnapshot";

  @JsonIgnore
  public boolean readOnly() {
    return SNAPSHOT.equals(type);
  }
}
