package io.berth.processes.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Deployed processes in the database; description and unit as JSON text. */
@Repository
public class ProcessRepository {
  private static final String COLUMNS =
      "tenant, process_id, version, owner, description, unit, package_type, creation_ts,"
          + " update_ts";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public ProcessRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Inserts; a process of the same id in the tenant makes this throw DuplicateKeyException. */
  public void insert(ProcessDefinition p) {
    jdbc.sql("insert into processes (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            p.tenant(),
            p.id(),
            p.description().version(),
            p.owner(),
            json.writeValueAsString(p.description()),
            json.writeValueAsString(p.unit()),
            p.packageType(),
            time(p.creationTs()),
            time(p.updateTs()))
        .update();
  }

  /** Replaces what the process is; returns false when it is gone. */
  public boolean update(ProcessDefinition p) {
    return jdbc.sql(
                "update processes set version = ?, description = ?, unit = ?, package_type = ?,"
                    + " update_ts = ? where tenant = ? and process_id = ?")
            .params(
                p.description().version(),
                json.writeValueAsString(p.description()),
                json.writeValueAsString(p.unit()),
                p.packageType(),
                time(p.updateTs()),
                p.tenant(),
                p.id())
            .update()
        > 0;
  }

  public boolean delete(String tenant, String processId) {
    return jdbc.sql("delete from processes where tenant = ? and process_id = ?")
            .params(tenant, processId)
            .update()
        > 0;
  }

  public Optional<ProcessDefinition> find(String tenant, String processId) {
    return jdbc.sql("select " + COLUMNS + " from processes where tenant = ? and process_id = ?")
        .params(tenant, processId)
        .query(this::map)
        .optional();
  }

  public List<ProcessDefinition> listTenant(String tenant) {
    return jdbc.sql("select " + COLUMNS + " from processes where tenant = ? order by process_id")
        .param(tenant)
        .query(this::map)
        .list();
  }

  private ProcessDefinition map(ResultSet rs, int row) throws SQLException {
    return new ProcessDefinition(
        rs.getString("tenant"),
        rs.getString("owner"),
        json.readValue(rs.getString("description"), ProcessDescription.class),
        json.readValue(rs.getString("unit"), ExecutionUnit.class),
        rs.getString("package_type"),
        true,
        rs.getObject("creation_ts", OffsetDateTime.class).toInstant(),
        rs.getObject("update_ts", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
