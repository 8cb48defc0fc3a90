package io.berth.pods;

import io.berth.runtime.TenantSlots;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tenant slots in the database, so every Berth process of the site, and a site restored from a
 * backup, gives a tenant the same slot. The next free number is taken; two processes racing for one
 * number meet the unique constraint and the loser reads again.
 */
@Repository
public class TenantSlotRepository implements TenantSlots {
  private final JdbcClient jdbc;
  private final Map<String, Integer> known = new ConcurrentHashMap<>();

  public TenantSlotRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public int slotOf(String tenant) {
    Integer cached = known.get(tenant);
    if (cached != null) {
      return cached;
    }
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<Integer> found = find(tenant);
      if (found.isPresent()) {
        known.put(tenant, found.get());
        return found.get();
      }
      try {
        jdbc.sql(
                "insert into tenant_slots (tenant, slot)"
                    + " select ?, coalesce(max(slot), -1) + 1 from tenant_slots")
            .param(tenant)
            .update();
      } catch (DuplicateKeyException e) {
        // another process took this tenant or this number first: read again
      }
    }
    throw new IllegalStateException("no slot could be given to tenant " + tenant);
  }

  private Optional<Integer> find(String tenant) {
    return jdbc.sql("select slot from tenant_slots where tenant = ?")
        .param(tenant)
        .query(Integer.class)
        .optional();
  }
}
