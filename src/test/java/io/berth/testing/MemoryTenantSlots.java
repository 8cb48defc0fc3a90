package io.berth.testing;

import io.berth.runtime.TenantSlots;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Tenant slots for tests that drive a runtime without a database: numbered as first asked. */
public final class MemoryTenantSlots implements TenantSlots {
  private final Map<String, Integer> slots = new ConcurrentHashMap<>();
  private final AtomicInteger next;

  public MemoryTenantSlots(int first) {
    this.next = new AtomicInteger(first);
  }

  @Override
  public int slotOf(String tenant) {
    return slots.computeIfAbsent(tenant, t -> next.getAndIncrement());
  }
}
