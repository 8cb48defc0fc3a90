package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Until the volumes feature lands no volume exists, so every mount names a missing one. */
@Component
class NoVolumesYet implements VolumeMountCheck {
  @Override
  public void check(Caller caller, Map<String, VolumeMount> mounts) {
    for (String id : mounts.keySet()) {
      throw ApiException.notFound("Field volume_mounts: volume or snapshot " + id + " not found.");
    }
  }
}
