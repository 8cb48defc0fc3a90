package io.berth.volumes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Volumes in the database. */
@Repository
public class VolumeRepository {
  private static final String COLUMNS =
      "tenant, volume_id, description, size_limit, status, creation_ts, update_ts, created_by,"
          + " storage_id";

  private final JdbcClient jdbc;

  public VolumeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Volume v) {
    jdbc.sql("insert into volumes (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            v.tenant(),
            v.volumeId(),
            v.description(),
            v.sizeLimitMb(),
            v.status(),
            time(v.creationTs()),
            time(v.updateTs()),
            v.createdBy(),
            v.storageId())
        .update();
  }

  public Optional<Volume> find(String tenant, String volumeId) {
    return jdbc.sql("select " + COLUMNS + " from volumes where tenant = ? and volume_id = ?")
        .params(tenant, volumeId)
        .query(VolumeRepository::map)
        .optional();
  }

  /** Every volume of every tenant: the site admins' overview. */
  public List<Volume> listAll() {
    return jdbc.sql("select " + COLUMNS + " from volumes").query(VolumeRepository::map).list();
  }

  public List<Volume> listTenant(String tenant) {
    return jdbc.sql("select " + COLUMNS + " from volumes where tenant = ? order by volume_id")
        .param(tenant)
        .query(VolumeRepository::map)
        .list();
  }

  public void update(Volume v) {
    jdbc.sql(
            "update volumes set description = ?, size_limit = ?, update_ts = ? where tenant = ?"
                + " and volume_id = ?")
        .params(v.description(), v.sizeLimitMb(), time(v.updateTs()), v.tenant(), v.volumeId())
        .update();
  }

  public void delete(String tenant, String volumeId) {
    jdbc.sql("delete from volumes where tenant = ? and volume_id = ?")
        .params(tenant, volumeId)
        .update();
  }

  /** The storage every volume of every tenant refers to. */
  public Set<String> storageIds() {
    return Set.copyOf(jdbc.sql("select storage_id from volumes").query(String.class).list());
  }

  private static Volume map(ResultSet rs, int row) throws SQLException {
    return new Volume(
        rs.getString("tenant"),
        rs.getString("volume_id"),
        rs.getString("description"),
        rs.getInt("size_limit"),
        rs.getString("status"),
        rs.getObject("creation_ts", OffsetDateTime.class).toInstant(),
        rs.getObject("update_ts", OffsetDateTime.class).toInstant(),
        rs.getString("created_by"),
        rs.getString("storage_id"));
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
