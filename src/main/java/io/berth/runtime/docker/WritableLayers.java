package io.berth.runtime.docker;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * The site's limit on what a pod may write outside its volumes (its container's writable layer),
 * given to the engine as the {@code size} storage option. Only some storage drivers enforce it
 * (overlay on XFS mounted with pquota, btrfs, zfs, devicemapper); Podman's and Docker's overlay on
 * ext4 refuse it. The first refusal is logged once and containers are then made without it.
 */
final class WritableLayers {
  private static final Logger log = LoggerFactory.getLogger(WritableLayers.class);
  private final DataSize limit;
  private final AtomicBoolean refused = new AtomicBoolean();

  WritableLayers(DataSize limit) {
    this.limit = limit;
  }

  /** The storage options a new container gets: the size limit, unless off or refused. */
  Map<String, String> options() {
    if (limit == null || limit.toBytes() <= 0 || refused.get()) {
      return Map.of();
    }
    return Map.of("size", limit.toBytes() + "");
  }

  /**
   * Whether the engine's answer to a create refuses the size option (then stop asking). Creates run
   * in parallel: each one that asked gets its answer, not only the first to hear the refusal (the
   * others were taken for refused containers).
   */
  boolean refusedBy(String message) {
    if (limit == null || limit.toBytes() <= 0 || message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    if (!(m.contains("storage") || m.contains("quota"))
        || !(m.contains("size") || m.contains("opt"))) {
      return false;
    }
    if (!refused.compareAndSet(false, true)) {
      return true;
    }
    log.warn(
        "Pods' writable layers are not limited: the engine refused a size ({}). Put the engine's"
            + " storage on XFS mounted with pquota (or btrfs/zfs) to bound them; until then a pod"
            + " can fill the engine's disk outside its volumes.",
        message.strip());
    return true;
  }
}
