package io.berth.runtime.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The image a container runs, as a digest: asked of the engine once per image id. */
final class ImageDigests {
  private final EngineConnection engine;
  private final Map<String, String> digests = new ConcurrentHashMap<>();

  ImageDigests(EngineConnection engine) {
    this.engine = engine;
  }

  /** The registry digest of the image the container runs, else its id (a local image). */
  String of(String imageId, String reference) {
    if (imageId == null) {
      return null;
    }
    return digests.computeIfAbsent(
        imageId,
        id -> {
          try {
            List<String> repoDigests = engine.client().inspectImageCmd(id).exec().getRepoDigests();
            if (repoDigests != null && !repoDigests.isEmpty()) {
              String repository = reference == null ? "" : reference.replaceFirst(":[^:/]+$", "");
              return repoDigests.stream()
                  .filter(d -> d.startsWith(repository + "@"))
                  .findFirst()
                  .orElse(repoDigests.get(0));
            }
          } catch (NotFoundException e) {
            // the image was removed since: its id is all there is
          }
          return id.startsWith("sha256:") ? id : "sha256:" + id;
        });
  }
}
