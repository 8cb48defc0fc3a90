package io.berth.templates;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** CPU in millicpus, memory in MiB, as Tapis has them. Missing values take the site defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Resources(
    Integer cpuRequest, Integer cpuLimit, Integer memRequest, Integer memLimit, Integer gpus) {

  public Resources withDefaultsFrom(Resources defaults) {
    return new Resources(
        cpuRequest != null ? cpuRequest : defaults.cpuRequest(),
        cpuLimit != null ? cpuLimit : defaults.cpuLimit(),
        memRequest != null ? memRequest : defaults.memRequest(),
        memLimit != null ? memLimit : defaults.memLimit(),
        gpus != null ? gpus : defaults.gpus());
  }
}
