package io.berth.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.testing.MemoryDatabase;
import io.berth.web.ApiException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Quota rules without Spring: defaults, per-user limits, refusals naming the quota, who may. */
class QuotasTest {
  final Caller alice = new Caller("t1", "alice", Set.of());
  final Caller admin = new Caller("t1", "carol", Set.of(Caller.ADMIN_ROLE));
  final Map<Quota, Long> held = new EnumMap<>(Quota.class);
  Quotas quotas;

  @BeforeEach
  void setUp() {
    QuotaStore store = new QuotaStore(MemoryDatabase.migrated());
    UsageMeter meter = (tenant, user) -> user.equals("alice") ? Map.copyOf(held) : Map.of();
    quotas = new Quotas(store, new QuotasProperties(3, null, null, 1000), List.of(meter));
  }

  @Test
  void roomIsCountedAgainstTheSiteDefault() {
    held.put(Quota.PODS, 2L);
    quotas.requireRoom("t1", "alice", Map.of(Quota.PODS, 1L));
    held.put(Quota.PODS, 3L);
    assertThatThrownBy(() -> quotas.requireRoom("t1", "alice", Map.of(Quota.PODS, 1L)))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Quota pods exceeded: user alice holds 3 of 3 pods")
        .hasMessageContaining("PUT /v3/pods/quotas/alice")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // taking nothing more (or giving back) is never refused
    quotas.requireRoom("t1", "alice", Map.of(Quota.PODS, 0L, Quota.TCP_PORTS, -2L));
  }

  @Test
  void aTenantAdminSetsOneUsersLimitsAndTheRestKeepTheDefaults() {
    held.put(Quota.VOLUME_MB, 900L);
    QuotaView set = quotas.set(admin, "alice", new QuotaUpdate(10L, null, 0L, null));
    assertThat(set.quotas().get("pods")).isEqualTo(new QuotaView.Line(10, 0, false));
    assertThat(set.quotas().get("tcp_ports")).isEqualTo(new QuotaView.Line(0, 0, false));
    assertThat(set.quotas().get("running_pods")).isEqualTo(new QuotaView.Line(25, 0, true));
    assertThat(set.quotas().get("volume_mb")).isEqualTo(new QuotaView.Line(1000, 900, true));
    assertThatThrownBy(() -> quotas.requireRoom("t1", "alice", Map.of(Quota.TCP_PORTS, 1L)))
        .hasMessageContaining("Quota tcp_ports exceeded");
    assertThatThrownBy(() -> quotas.requireRoom("t1", "alice", Map.of(Quota.VOLUME_MB, 101L)))
        .hasMessageContaining("Quota volume_mb exceeded: user alice holds 900 of 1000");
    quotas.requireRoom("t1", "alice", Map.of(Quota.PODS, 10L));
    // a PUT replaces: what it leaves out goes back to the default
    assertThat(quotas.set(admin, "alice", new QuotaUpdate(null, null, null, null)).quotas())
        .allSatisfy((k, line) -> assertThat(line.siteDefault()).isTrue());
  }

  @Test
  void usersSeeTheirOwnAndOnlyTenantAdminsChangeOrSeeOthers() {
    assertThat(quotas.view(alice, "alice").user()).isEqualTo("alice");
    assertThat(status(() -> quotas.view(alice, "bob"))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(status(() -> quotas.set(alice, "alice", new QuotaUpdate(100L, null, null, null))))
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(quotas.view(admin, "bob").tenant()).isEqualTo("t1");
  }

  @Test
  void badLimitsAndUserNamesAreRefused() {
    assertThatThrownBy(() -> quotas.set(admin, "alice", new QuotaUpdate(-1L, null, null, null)))
        .hasMessageStartingWith("Field pods must be from 0 to");
    assertThat(status(() -> quotas.set(admin, "alice", null))).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(status(() -> quotas.view(admin, "eve\nadmin"))).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(status(() -> quotas.view(admin, "x".repeat(129)))).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void siteDefaultsMustNotBeNegative() {
    assertThatThrownBy(() -> new QuotasProperties(-1, null, null, null))
        .hasMessageContaining("berth.quotas.pods");
  }

  static HttpStatus status(Runnable call) {
    try {
      call.run();
      return HttpStatus.OK;
    } catch (ApiException e) {
      return e.status();
    }
  }
}
