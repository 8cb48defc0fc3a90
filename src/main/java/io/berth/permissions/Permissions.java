package io.berth.permissions;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may do what with a shared resource (pods, volumes, snapshots): one {@link #require}, one
 * last-ADMIN rule and one way to grant and revoke. The features check that a resource exists; this
 * decides what its caller holds on it.
 */
@Service
public class Permissions {
  private final AccessList access;

  public Permissions(AccessList access) {
    this.access = access;
  }

  /** The level the caller holds when it is at least {@code needed}; 404 or 403 otherwise. */
  public PermissionLevel require(Caller caller, Resource resource, PermissionLevel needed) {
    return AccessRules.require(resource, held(caller, resource), needed);
  }

  /** What the caller holds, null when nothing. */
  public PermissionLevel held(Caller caller, Resource resource) {
    if (resource.kind().sharable()) {
      return sharedHeld(caller, resource);
    }
    return AccessRules.held(
        caller, caller.isTenantAdmin() ? null : storedLevel(resource, caller.user()));
  }

  /**
   * A sharable resource may be another tenant's: its own tenant's users hold their grant, the
   * tenant-wide and the site-wide one (its tenant admins ADMIN); other tenants' users hold the
   * site-wide grant alone, whatever their role or name.
   */
  private PermissionLevel sharedHeld(Caller caller, Resource resource) {
    PermissionLevel site = storedLevel(resource, SharedWith.SITE);
    if (!caller.tenant().equals(resource.tenant())) {
      return site;
    }
    if (caller.isTenantAdmin()) {
      return PermissionLevel.ADMIN;
    }
    PermissionLevel best = site;
    for (String user : List.of(SharedWith.TENANT, caller.user())) {
      PermissionLevel level = storedLevel(resource, user);
      if (level != null && (best == null || level.atLeast(best))) {
        best = level;
      }
    }
    return best;
  }

  /**
   * The sharable resources of a kind the caller may see without being a tenant admin: granted to
   * them or their whole tenant in their tenant, or to the whole site in any tenant.
   */
  public Set<Resource> sharedWith(Caller caller, ResourceKind kind) {
    return access.sharedWith(kind, caller.tenant(), caller.user());
  }

  /**
   * Whether a user who is not calling (a pod's mount authority, checked at each start) still holds
   * {@code needed}: tenant admins (as recorded when they acted) on anything that exists, others by
   * their grant.
   */
  public boolean holds(
      String user, boolean tenantAdmin, Resource resource, PermissionLevel needed) {
    if (tenantAdmin) {
      return access.exists(resource);
    }
    PermissionLevel stored = storedLevel(resource, user);
    return stored != null && stored.atLeast(needed);
  }

  public List<String> list(Resource resource) {
    return access.list(resource);
  }

  /** The ids of the resources of a kind the caller holds a grant on (tenant admins: see all). */
  public Set<String> visibleIds(Caller caller, ResourceKind kind) {
    return access.visibleIds(kind, caller.tenant(), caller.user());
  }

  /**
   * A new resource starts with its creator as its only ADMIN; whatever a deleted namesake may have
   * left is cleared first, so no earlier grant carries over to it.
   */
  public void created(Resource resource, String creator) {
    access.removeAll(resource);
    access.set(resource, creator, PermissionLevel.ADMIN);
  }

  /**
   * A grant the site makes itself, with no caller to check (site templates shared with every tenant
   * at start-up).
   */
  public void grantAsSite(Resource resource, String user, PermissionLevel level) {
    access.set(resource, user, level);
  }

  /**
   * Gives {@code target} the grants of {@code source}, each at most {@code cap} (the whole tenant
   * or site at READ); a user who holds more on the target keeps it. For what the site makes from a
   * user's resources with no caller present: a scheduled snapshot copy.
   */
  public void inherit(Resource target, Resource source, PermissionLevel cap) {
    Map<String, PermissionLevel> held = access.levels(target);
    access
        .levels(source)
        .forEach((user, level) -> {
          PermissionLevel given = level.atLeast(cap) ? cap : level;
          if (SharedWith.isSpecial(user)) {
            given = PermissionLevel.READ;
          }
          PermissionLevel had = held.get(user);
          if (had == null || !had.atLeast(given)) {
            access.set(target, user, given);
          }
        });
  }

  /** Forgets every grant of a deleted resource. */
  public void deleted(Resource resource) {
    access.removeAll(resource);
  }

  /**
   * Grants a level (ADMIN needed), keeping at least one ADMIN. The resource's row is locked and the
   * caller's right checked again under the lock, so concurrent changes apply one at a time.
   */
  @Transactional
  public List<String> grant(Caller caller, Resource resource, PermissionGrant grant) {
    require(caller, resource, PermissionLevel.ADMIN);
    if (grant == null) {
      throw ApiException.badRequest("The request body must be a JSON object with user and level.");
    }
    PermissionLevel level = grant.checkedLevel();
    if (SharedWith.isSpecial(grant.user())
        && resource.kind().sharable()
        && level != PermissionLevel.READ) {
      throw ApiException.badRequest(
          "Field level: " + grant.user() + " (everyone) may hold READ only.");
    }
    lockAsAdmin(caller, resource);
    PermissionLevel current = storedLevel(resource, grant.user());
    AccessRules.keepAnAdmin(resource, grant.user(), current, level, access.admins(resource));
    access.set(resource, grant.user(), level);
    return access.list(resource);
  }

  /** Removes a user's level (ADMIN needed), keeping at least one ADMIN; locked as for grants. */
  @Transactional
  public List<String> revoke(Caller caller, Resource resource, String user) {
    require(caller, resource, PermissionLevel.ADMIN);
    lockAsAdmin(caller, resource);
    PermissionLevel current = storedLevel(resource, user);
    if (current == null) {
      throw AccessRules.noGrant(resource, user);
    }
    AccessRules.keepAnAdmin(resource, user, current, null, access.admins(resource));
    access.remove(resource, user);
    return access.list(resource);
  }

  private void lockAsAdmin(Caller caller, Resource resource) {
    if (!access.lock(resource)) {
      throw AccessRules.notFound(resource);
    }
    require(caller, resource, PermissionLevel.ADMIN);
  }

  private PermissionLevel storedLevel(Resource resource, String user) {
    return access.levelOf(resource, user).orElse(null);
  }
}
