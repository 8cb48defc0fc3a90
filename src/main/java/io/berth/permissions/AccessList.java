package io.berth.permissions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one access list of every shared resource: one level per user, keyed by (kind, tenant, id,
 * user). Resources of other features are referred to by kind and id only, so the list has no
 * foreign keys: the features forget a resource's grants when they delete it.
 */
@Repository
public class AccessList {
  private final JdbcClient jdbc;

  public AccessList(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<PermissionLevel> levelOf(Resource r, String user) {
    return jdbc.sql(
            "select level from permissions where kind = ? and tenant = ? and resource_id = ?"
                + " and username = ?")
        .params(r.kind().key(), r.tenant(), r.id(), user)
        .query(String.class)
        .optional()
        .map(PermissionLevel::valueOf);
  }

  /** Each user's level, by user. */
  public Map<String, PermissionLevel> levels(Resource r) {
    Map<String, PermissionLevel> levels = new TreeMap<>();
    jdbc.sql(
            "select username, level from permissions where kind = ? and tenant = ? and"
                + " resource_id = ?")
        .params(r.kind().key(), r.tenant(), r.id())
        .query((rs, i) -> Map.entry(rs.getString(1), PermissionLevel.valueOf(rs.getString(2))))
        .list()
        .forEach(e -> levels.put(e.getKey(), e.getValue()));
    return levels;
  }

  /** Tapis's form: {@code user:LEVEL}, by user. */
  public List<String> list(Resource r) {
    return jdbc.sql(
            "select username, level from permissions where kind = ? and tenant = ? and"
                + " resource_id = ? order by username")
        .params(r.kind().key(), r.tenant(), r.id())
        .query((rs, i) -> rs.getString(1) + ":" + rs.getString(2))
        .list();
  }

  /** The ids of the resources of a kind a user holds any level on. */
  public Set<String> visibleIds(ResourceKind kind, String tenant, String user) {
    return new HashSet<>(
        jdbc.sql(
                "select resource_id from permissions where kind = ? and tenant = ? and"
                    + " username = ?")
            .params(kind.key(), tenant, user)
            .query(String.class)
            .list());
  }

  /**
   * The resources of a sharable kind granted to {@code user} or to everyone in {@code tenant}, or
   * to the whole site in any tenant.
   */
  public Set<Resource> sharedWith(ResourceKind kind, String tenant, String user) {
    return new HashSet<>(
        jdbc.sql(
                "select distinct tenant, resource_id from permissions where kind = ? and ((tenant"
                    + " = ? and username in (?, ?)) or username = ?)")
            .params(kind.key(), tenant, user, SharedWith.TENANT, SharedWith.SITE)
            .query((rs, i) -> new Resource(kind, rs.getString(1), rs.getString(2)))
            .list());
  }

  /**
   * Gives a user a level: an upsert that cannot race. The insert does nothing when the row exists
   * (on PostgreSQL it waits for a concurrent insert of the same row to commit rather than failing
   * with a duplicate key), and the update then sets the level either way.
   */
  public void set(Resource r, String user, PermissionLevel level) {
    jdbc.sql(
            "insert into permissions (kind, tenant, resource_id, username, level)"
                + " values (?, ?, ?, ?, ?) on conflict do nothing")
        .params(r.kind().key(), r.tenant(), r.id(), user, level.name())
        .update();
    jdbc.sql(
            "update permissions set level = ? where kind = ? and tenant = ? and resource_id = ?"
                + " and username = ?")
        .params(level.name(), r.kind().key(), r.tenant(), r.id(), user)
        .update();
  }

  public boolean remove(Resource r, String user) {
    return jdbc.sql(
                "delete from permissions where kind = ? and tenant = ? and resource_id = ? and"
                    + " username = ?")
            .params(r.kind().key(), r.tenant(), r.id(), user)
            .update()
        > 0;
  }

  public void removeAll(Resource r) {
    jdbc.sql("delete from permissions where kind = ? and tenant = ? and resource_id = ?")
        .params(r.kind().key(), r.tenant(), r.id())
        .update();
  }

  public long admins(Resource r) {
    return jdbc.sql(
            "select count(*) from permissions where kind = ? and tenant = ? and resource_id = ?"
                + " and level = ?")
        .params(r.kind().key(), r.tenant(), r.id(), PermissionLevel.ADMIN.name())
        .query(Long.class)
        .single();
  }

  /**
   * Locks the resource's own row until the transaction ends, so that changes to its permissions are
   * made one at a time (on H2 and PostgreSQL alike); false when the resource does not exist.
   */
  public boolean lock(Resource r) {
    return jdbc.sql(
            "select 1 from "
                + r.kind().table()
                + " where tenant = ? and "
                + r.kind().idColumn()
                + " = ? for update")
        .params(r.tenant(), r.id())
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  public boolean exists(Resource r) {
    return jdbc.sql(
                "select count(*) from "
                    + r.kind().table()
                    + " where tenant = ? and "
                    + r.kind().idColumn()
                    + " = ?")
            .params(r.tenant(), r.id())
            .query(Long.class)
            .single()
        > 0;
  }
}
