package io.berth.runtime;

/**
 * A small number per tenant, unique within the site and never reused nor changed once given: an
 * adapter derives per-tenant resources from it (on Podman, the tenant's range of host user ids).
 */
public interface TenantSlots {
  int slotOf(String tenant);
}
