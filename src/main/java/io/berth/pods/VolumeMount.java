package io.berth.pods;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Resource;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Mounts a volume ({@code tapisvolume}) or a snapshot ({@code tapissnapshot}) into a pod. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeMount(String type, String mountPath, String subPath) {
  public static final String VOLUME = "tapisvolume";
  public static final String SNAPSHOT = "tapissnapshot";

  /** The level mounting needs: USER on a volume (read-write), READ on a snapshot (read-only). */
  @JsonIgnore
  public PermissionLevel neededLevel() {
    return readOnly() ? PermissionLevel.READ : PermissionLevel.USER;
  }

  /** The volume or snapshot a mount of {@code id} refers to, for permission checks. */
  public Resource resource(String tenant, String id) {
    return readOnly() ? Resource.snapshot(tenant, id) : Resource.volume(tenant, id);
  }

  @JsonIgnore
  public boolean readOnly() {
    return SNAPSHOT.equals(type);
  }
}
