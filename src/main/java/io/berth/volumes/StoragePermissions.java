package io.berth.volumes;

import io.berth.auth.Caller;
import io.berth.pods.PermissionGrant;
import io.berth.pods.PermissionLevel;
import io.berth.web.ApiException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Permissions on volumes and snapshots, with the same levels and rules as pods: READ lists and
 * downloads, USER also uploads, updates and mounts, ADMIN also deletes and changes permissions; the
 * last ADMIN stays; tenant admins hold ADMIN on everything of their tenant.
 */
@Repository
public class StoragePermissions {
  public static final String VOLUME = "volume";
  public static final String SNAPSHOT = "snapshot";

  private final JdbcClient jdbc;

  public StoragePermissions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<PermissionLevel> levelOf(Caller caller, String kind, String id) {
    if (caller.isTenantAdmin()) {
      return Optional.of(PermissionLevel.ADMIN);
    }
    return jdbc.sql(
            "select level from storage_permissions where kind = ? and tenant = ? and object_id = ?"
                + " and username = ?")
        .params(kind, caller.tenant(), id, caller.user())
        .query(String.class)
        .optional()
        .map(PermissionLevel::valueOf);
  }

  /** 404 when the caller holds nothing (the object is not revealed), 403 when too little. */
  public void require(Caller caller, String kind, String id, PermissionLevel needed) {
    String noun = kind.substring(0, 1).toUpperCase() + kind.substring(1);
    PermissionLevel held =
        levelOf(caller, kind, id)
            .orElseThrow(() -> ApiException.notFound(noun + " " + id + " not found."));
    if (!held.atLeast(needed)) {
      throw ApiException.forbidden(
          noun + " " + id + " needs " + needed + " permission for this; you have " + held + ".");
    }
  }

  public List<String> list(String kind, String tenant, String id) {
    return jdbc.sql(
            "select username, level from storage_permissions where kind = ? and tenant = ? and"
                + " object_id = ? order by username")
        .params(kind, tenant, id)
        .query((rs, i) -> rs.getString(1) + ":" + rs.getString(2))
        .list();
  }

  public List<String> visibleIds(String kind, String tenant, String user) {
    return jdbc.sql(
            "select object_id from storage_permissions where kind = ? and tenant = ? and"
                + " username = ?")
        .params(kind, tenant, user)
        .query(String.class)
        .list();
  }

  public void set(String kind, String tenant, String id, String user, PermissionLevel level) {
    int updated =
        jdbc.sql(
                "update storage_permissions set level = ? where kind = ? and tenant = ? and"
                    + " object_id = ? and username = ?")
            .params(level.name(), kind, tenant, id, user)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into storage_permissions (kind, tenant, object_id, username, level)"
                  + " values (?, ?, ?, ?, ?)")
          .params(kind, tenant, id, user, level.name())
          .update();
    }
  }

  public void removeAll(String kind, String tenant, String id) {
    jdbc.sql("delete from storage_permissions where kind = ? and tenant = ? and object_id = ?")
        .params(kind, tenant, id)
        .update();
  }

  /** Grants a level, keeping at least one ADMIN. */
  public List<String> grant(Caller caller, String kind, String id, PermissionGrant grant) {
    if (grant == null) {
      throw ApiException.badRequest("The request body must be a JSON object with user and level.");
    }
    PermissionLevel level = grant.checkedLevel();
    Optional<PermissionLevel> current = stored(kind, caller.tenant(), id, grant.user());
    if (current.equals(Optional.of(PermissionLevel.ADMIN))
        && level != PermissionLevel.ADMIN
        && admins(kind, caller.tenant(), id) <= 1) {
      throw ApiException.conflict(
          "User "
              + grant.user()
              + " is the last ADMIN of "
              + kind
              + " "
              + id
              + " and cannot be lowered.");
    }
    set(kind, caller.tenant(), id, grant.user(), level);
    return list(kind, caller.tenant(), id);
  }

  public List<String> revoke(Caller caller, String kind, String id, String user) {
    PermissionLevel current =
        stored(kind, caller.tenant(), id, user)
            .orElseThrow(() ->
                ApiException.notFound(
                    "User " + user + " holds no permission on " + kind + " " + id + "."));
    if (current == PermissionLevel.ADMIN && admins(kind, caller.tenant(), id) <= 1) {
      throw ApiException.conflict(
          "User " + user + " is the last ADMIN of " + kind + " " + id + " and cannot be removed.");
    }
    jdbc.sql(
            "delete from storage_permissions where kind = ? and tenant = ? and object_id = ? and"
                + " username = ?")
        .params(kind, caller.tenant(), id, user)
        .update();
    return list(kind, caller.tenant(), id);
  }

  private Optional<PermissionLevel> stored(String kind, String tenant, String id, String user) {
    return jdbc.sql(
            "select level from storage_permissions where kind = ? and tenant = ? and object_id = ?"
                + " and username = ?")
        .params(kind, tenant, id, user)
        .query(String.class)
        .optional()
        .map(PermissionLevel::valueOf);
  }

  private long admins(String kind, String tenant, String id) {
    return jdbc.sql(
            "select count(*) from storage_permissions where kind = ? and tenant = ? and"
                + " object_id = ? and level = 'ADMIN'")
        .params(kind, tenant, id)
        .query(Long.class)
        .single();
  }
}
