package io.berth.runtime.docker;

import io.berth.runtime.TenantSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user namespace each pod runs in, so that root in a pod is not root on the host. On rootful
 * Podman every tenant gets its own range of 65536 host ids (from its {@link TenantSlots slot}),
 * pinned per container: all pods of a tenant see the same owners on their shared volumes, and two
 * tenants share no host id. Docker decides for the whole daemon ({@code userns-remap}); a rootless
 * engine already maps container root to the user running it.
 */
final class UserNamespaces {
  private static final Logger log = LoggerFactory.getLogger(UserNamespaces.class);

  private final TenantSlots slots;
  private final long firstHostId;
  private volatile boolean warned;
  private volatile boolean keysChecked;

  UserNamespaces(TenantSlots slots, long firstHostId) {
    this.slots = slots;
    this.firstHostId = firstHostId;
  }

  long firstHostId() {
    return firstHostId;
  }

  IdMapping mapping(EngineFacts engine, String tenant) {
    if (engine.tenantRanges()) {
      warnOfKeyQuota();
      return IdMapping.forSlot(firstHostId, slots.slotOf(tenant));
    }
    if (engine.remap() != null) {
      return engine.remap();
    }
    if (!engine.rootless() && !warned) {
      warned = true;
      log.warn(
          "Pods run as host root on this {} engine: configure userns-remap (Docker) or use"
              + " rootful Podman, whose user namespaces Berth sets itself",
          engine.name());
    }
    return IdMapping.IDENTITY;
  }

  /** Once: a tenant's pods share one host user, whose key quota bounds how many of them run. */
  private void warnOfKeyQuota() {
    if (keysChecked) {
      return;
    }
    keysChecked = true;
    KernelKeyQuota quota = KernelKeyQuota.read(KernelKeyQuota.MAX_KEYS);
    String warning = quota == null ? null : quota.warning();
    if (warning != null) {
      log.warn(warning);
    }
  }

  /** The compat API's {@code UsernsMode} for the pod, or null to leave it to the engine. */
  static String usernsMode(EngineFacts engine, IdMapping mapping) {
    return engine.tenantRanges() ? mapping.podmanUsernsMode() : null;
  }
}
