package io.berth.quotas;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-user quotas: the site's defaults, limits tenant admins set for single users, and the check
 * every request that adds to a user's holdings passes. A refusal is a 403 naming the quota.
 */
@Service
public class Quotas {
  static final long MAX_LIMIT = 1_000_000_000L;

  private final QuotaStore store;
  private final QuotasProperties properties;
  private final List<UsageMeter> meters;

  public Quotas(QuotaStore store, QuotasProperties properties, List<UsageMeter> meters) {
    this.store = store;
    this.properties = properties;
    this.meters = meters;
  }

  /**
   * Refuses (403) when adding {@code adding} to what {@code user} holds would pass a limit. The
   * user's quota row stays locked until the caller's transaction ends, so concurrent requests of
   * one user are counted one after the other and cannot both take the last room.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void requireRoom(String tenant, String user, Map<Quota, Long> adding) {
    if (adding.values().stream().allMatch(n -> n <= 0)) {
      return;
    }
    store.lock(tenant, user);
    requireRoomNow(tenant, user, adding);
  }

  /**
   * The same check as {@link #requireRoom} without locking anything, for refusing early, before
   * slow work; whatever passes must still pass {@link #requireRoom} where it is recorded.
   */
  public void requireRoomNow(String tenant, String user, Map<Quota, Long> adding) {
    if (adding.values().stream().allMatch(n -> n <= 0)) {
      return;
    }
    Map<Quota, Long> limits = limits(tenant, user);
    Map<Quota, Long> used = usage(tenant, user);
    adding.forEach((quota, n) -> {
      if (n > 0) {
        check(user, quota, limits.get(quota), used.getOrDefault(quota, 0L), n);
      }
    });
  }

  /** The caller's own quotas, or (tenant admins) any user's of their tenant. */
  public QuotaView view(Caller caller, String user) {
    String checked = checkedUser(user);
    if (!caller.isTenantAdmin() && !caller.user().equals(checked)) {
      throw ApiException.forbidden(
          "Only tenant admins may see the quotas of other users; GET /v3/pods/quotas shows yours.");
    }
    Map<Quota, Long> overrides = store.overrides(caller.tenant(), checked);
    Map<Quota, Long> used = usage(caller.tenant(), checked);
    Map<String, QuotaView.Line> lines = new LinkedHashMap<>();
    for (Quota quota : Quota.values()) {
      lines.put(
          quota.key(),
          new QuotaView.Line(
              overrides.getOrDefault(quota, properties.defaults().get(quota)),
              used.getOrDefault(quota, 0L),
              !overrides.containsKey(quota)));
    }
    return new QuotaView(caller.tenant(), checked, lines);
  }

  /** Sets a user's own limits (tenant admins only); quotas left out take the site's default. */
  @Transactional
  public QuotaView set(Caller caller, String user, QuotaUpdate update) {
    String checked = checkedUser(user);
    if (!caller.isTenantAdmin()) {
      throw ApiException.forbidden("Only tenant admins may change quotas.");
    }
    if (update == null) {
      throw ApiException.badRequest(
          "The request body must be a JSON object of limits: pods, running_pods, tcp_ports,"
              + " volume_mb.");
    }
    Map<Quota, Long> limits = new EnumMap<>(Quota.class);
    put(limits, Quota.PODS, update.pods());
    put(limits, Quota.RUNNING_PODS, update.runningPods());
    put(limits, Quota.TCP_PORTS, update.tcpPorts());
    put(limits, Quota.VOLUME_MB, update.volumeMb());
    store.replace(caller.tenant(), checked, limits);
    return view(caller, checked);
  }

  /** The 403 for a request that would take {@code user} past {@code limit}. */
  static void check(String user, Quota quota, long limit, long used, long adding) {
    if (used + adding > limit) {
      throw ApiException.forbidden(
          "Quota "
              + quota.key()
              + " exceeded: user "
              + user
              + " holds "
              + used
              + " of "
              + limit
              + " "
              + quota.unit()
              + " and this needs "
              + adding
              + " more. Free some, or ask a tenant admin to raise it (PUT /v3/pods/quotas/"
              + user
              + ").");
    }
  }

  private Map<Quota, Long> limits(String tenant, String user) {
    Map<Quota, Long> limits = new EnumMap<>(properties.defaults());
    limits.putAll(store.overrides(tenant, user));
    return limits;
  }

  private Map<Quota, Long> usage(String tenant, String user) {
    Map<Quota, Long> used = new EnumMap<>(Quota.class);
    meters.forEach(m -> used.putAll(m.usage(tenant, user)));
    return used;
  }

  private static void put(Map<Quota, Long> limits, Quota quota, Long value) {
    if (value == null) {
      return;
    }
    if (value < 0 || value > MAX_LIMIT) {
      throw ApiException.badRequest(
          "Field " + quota.key() + " must be from 0 to " + MAX_LIMIT + " (or null: the default).");
    }
    limits.put(quota, value);
  }

  private static String checkedUser(String user) {
    if (user == null
        || user.isBlank()
        || user.length() > 128
        || user.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')) {
      throw ApiException.badRequest(
          "Path user must be a username of at most 128 characters without ':' or control"
              + " characters.");
    }
    return user;
  }
}
