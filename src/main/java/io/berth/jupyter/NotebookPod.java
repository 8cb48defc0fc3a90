package io.berth.jupyter;

import io.berth.pods.PodView;
import io.berth.templates.Networking;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What {@code ensure} answers, in Tapis's shape: the notebook pod's id, its status, its networking
 * (with URLs) and the URL to open.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotebookPod(
    String podId, String status, Map<String, Networking> networking, String url) {

  static NotebookPod of(PodView pod) {
    return new NotebookPod(pod.podId(), pod.status().text(), pod.networking(), pod.url());
  }
}
