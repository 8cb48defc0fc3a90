package io.berth.pods;

import io.berth.permissions.PermissionLevel;
import io.berth.runtime.PodKey;
import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.templates.Template;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pods in the database. The API writes the spec and {@code status_requested}; the reconciler writes
 * the observed columns; each statement touches only its own columns so neither overwrites the
 * other.
 */
@Repository
public class PodRepository {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<Map<String, Networking>> NETWORKING = new TypeReference<>() {};
  private static final TypeReference<Map<String, VolumeMount>> MOUNTS = new TypeReference<>() {};

  private static final List<String> COLUMN_NAMES =
      List.of(
          "tenant",
          "pod_id",
          "pod_template",
          "image",
          "description",
          "command",
          "environment_variables",
          "networking",
          "resources",
          "volume_mounts",
          "time_to_stop_default",
          "time_to_stop_instance",
          "status_requested",
          "status",
          "status_container",
          "generation",
          "time_to_stop_ts",
          "start_instance_ts",
          "creation_ts",
          "update_ts",
          "created_by",
          "uid",
          "arguments",
          "compute_queue",
          "idle_timeout",
          "last_activity_ts",
          "stop_reason",
          "stop_warned_ts",
          "wake_on_connect");
  private static final String COLUMNS = String.join(", ", COLUMN_NAMES);
  private static final String POD_COLUMNS =
      COLUMN_NAMES.stream().map(c -> "p." + c).collect(Collectors.joining(", "));

  private final JdbcClient jdbc;
  private final JsonMapper json;
  // readers made once (resolving a generic type per call showed in the read path's profile),
  // remembering what they parsed
  private final JsonColumn<List<String>> strings;
  private final JsonColumn<Map<String, String>> stringMap;
  private final JsonColumn<ContainerStatus> containerStatus;
  private final JsonColumn<Map<String, Networking>> networking;
  private final JsonColumn<Map<String, VolumeMount>> mounts;
  private final JsonColumn<Resources> resources;

  public PodRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.strings = new JsonColumn<>(json.readerFor(STRINGS), Collections::unmodifiableList);
    this.stringMap = new JsonColumn<>(json.readerFor(STRING_MAP), Collections::unmodifiableMap);
    this.containerStatus = new JsonColumn<>(json.readerFor(ContainerStatus.class), c -> c);
    this.networking = new JsonColumn<>(json.readerFor(NETWORKING), Collections::unmodifiableMap);
    this.mounts = new JsonColumn<>(json.readerFor(MOUNTS), Collections::unmodifiableMap);
    this.resources = new JsonColumn<>(json.readerFor(Resources.class), r -> r); // a record
  }

  public long nextGeneration() {
    return jdbc.sql("select nextval('pod_generation_seq')").query(Long.class).single();
  }

  public void insert(Pod pod) {
    PodObserved o = pod.observed();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenant", pod.tenant());
    values.put("pod_id", pod.podId());
    values.putAll(specValues(pod.definition()));
    values.put("status_requested", pod.statusRequested().name());
    values.put("status", o.status().text());
    values.put("status_container", write(o.container()));
    values.put("generation", pod.generation());
    values.put("time_to_stop_ts", time(o.timeToStopTs()));
    values.put("start_instance_ts", time(o.startInstanceTs()));
    values.put("creation_ts", time(pod.creationTs()));
    values.put("update_ts", time(pod.updateTs()));
    values.put("created_by", pod.createdBy());
    values.put("uid", pod.uid());
    values.put("last_activity_ts", time(o.lastActivityTs()));
    values.put("stop_reason", o.stopReason());
    values.put("stop_warned_ts", time(o.stopWarnedTs()));
    jdbc.sql(
            "insert into pods ("
                + String.join(", ", values.keySet())
                + ") values ("
                + String.join(", ", Collections.nCopies(values.size(), "?"))
                + ")")
        .params(new ArrayList<>(values.values()))
        .update();
  }

  /** The columns of a pod's definition and their values, as a create and an update write them. */
  private Map<String, Object> specValues(PodDefinition d) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("pod_template", d.podTemplate());
    values.put("image", d.image());
    values.put("description", d.description());
    values.put("command", write(d.command()));
    values.put("environment_variables", write(d.environmentVariables()));
    values.put("networking", write(d.networking()));
    values.put("resources", write(d.resources()));
    values.put("volume_mounts", write(d.volumeMounts()));
    values.put("time_to_stop_default", d.timeToStopDefault());
    values.put("time_to_stop_instance", d.timeToStopInstance());
    values.put("arguments", write(d.arguments()));
    values.put("compute_queue", d.computeQueue());
    values.put("idle_timeout", d.idleTimeout());
    values.put("wake_on_connect", d.wakeOnConnect());
    return values;
  }

  public boolean exists(String tenant, String podId) {
    return jdbc.sql("select count(*) from pods where tenant = ? and pod_id = ?")
            .params(tenant, podId)
            .query(Long.class)
            .single()
        > 0;
  }

  public Optional<Pod> find(String tenant, String podId) {
    return jdbc.sql("select " + COLUMNS + " from pods where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query(this::map)
        .optional();
  }

  /** A pod with the level a user holds on it (null when none), in one query. */
  public Optional<PodWithLevel> findWithLevel(String tenant, String podId, String user) {
    return jdbc.sql(
            "select "
                + POD_COLUMNS
                + ", perm.level as held from pods p left join permissions perm on"
                + " perm.kind = 'pod' and perm.tenant = p.tenant and perm.resource_id = p.pod_id"
                + " and perm.username = ? where p.tenant = ? and p.pod_id = ?")
        .params(user, tenant, podId)
        .query((rs, i) -> {
          String held = rs.getString(COLUMN_NAMES.size() + 1);
          return new PodWithLevel(map(rs, i), held == null ? null : PermissionLevel.valueOf(held));
        })
        .optional();
  }

  /** A pod and the permission level of whoever asked for it. */
  public record PodWithLevel(Pod pod, PermissionLevel level) {}

  /**
   * A pod, the level of whoever asked and its action log, in one query: reading a pod is the API's
   * most frequent call, and a second query for the log cost a tenth of its throughput.
   */
  public Optional<PodRead> findForReading(String tenant, String podId, String user) {
    int held = COLUMN_NAMES.size() + 1;
    return jdbc.sql(
            "select "
                + POD_COLUMNS
                + ", perm.level as held, l.ts as log_ts, l.username as log_user,"
                + " l.message as log_message from pods p left join permissions perm on"
                + " perm.kind = 'pod' and perm.tenant = p.tenant and perm.resource_id = p.pod_id"
                + " and perm.username = ?"
                + " left join pod_action_logs l on l.tenant = p.tenant and l.pod_id = p.pod_id"
                + " where p.tenant = ? and p.pod_id = ? order by l.id")
        .params(user, tenant, podId)
        .query(rs -> {
          if (!rs.next()) {
            return Optional.<PodRead>empty();
          }
          Pod pod = map(rs, 0);
          String level = rs.getString(held);
          List<String> lines = new java.util.ArrayList<>();
          do {
            Instant ts = instant(rs, held + 1);
            if (ts != null) {
              lines.add(ActionLog.line(ts, rs.getString(held + 2), rs.getString(held + 3)));
            }
          } while (rs.next());
          return Optional.of(
              new PodRead(pod, level == null ? null : PermissionLevel.valueOf(level), lines));
        });
  }

  /** A pod with its reader's level and its action log lines. */
  public record PodRead(Pod pod, PermissionLevel level, List<String> actionLogs) {}

  /** Every pod of a tenant, for its admins. */
  public List<Pod> listTenant(String tenant) {
    return jdbc.sql("select " + COLUMNS + " from pods where tenant = ? order by pod_id")
        .param(tenant)
        .query(this::map)
        .list();
  }

  /** The pods a user holds any permission on. */
  public List<Pod> listVisibleTo(String tenant, String user) {
    return jdbc.sql(
            "select "
                + POD_COLUMNS
                + " from pods p join permissions perm on perm.kind = 'pod' and perm.tenant ="
                + " p.tenant and perm.resource_id = p.pod_id where p.tenant = ? and"
                + " perm.username = ?"
                + " order by p.pod_id")
        .params(tenant, user)
        .query(this::map)
        .list();
  }

  /** Every pod of every tenant: the reconciler's full pass. */
  public List<Pod> listAll() {
    return jdbc.sql("select " + COLUMNS + " from pods").query(this::map).list();
  }

  public void updateSpec(Pod pod) {
    Map<String, Object> values = specValues(pod.definition());
    values.put("generation", pod.generation());
    values.put("update_ts", time(pod.updateTs()));
    List<Object> params = new ArrayList<>(values.values());
    params.add(pod.tenant());
    params.add(pod.podId());
    jdbc.sql(
            "update pods set "
                + values.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                + " where tenant = ? and pod_id = ?")
        .params(params)
        .update();
  }

  /**
   * Records what the owner asked for. Asking for ON or RESTART after the pod finished, failed or
   * stopped starts a new attempt: the status goes back to REQUESTED and past failures are cleared
   * so the reconciler does not wait out an old backoff.
   */
  public void updateStatusRequested(
      String tenant, String podId, StatusRequested requested, Instant now) {
    // a stop the owner asks for, or a start, is no longer Berth's idle or time_to_stop stop
    jdbc.sql(
            "update pods set status_requested = ?, update_ts = ?, stop_reason = null where tenant"
                + " = ? and pod_id = ?")
        .params(requested.name(), time(now), tenant, podId)
        .update();
    if (requested != StatusRequested.OFF) {
      jdbc.sql(
              "update pods set status = ?, status_container = '{}' where tenant = ? and pod_id = ?"
                  + " and status in (?, ?, ?)")
          .params(
              PodStatus.REQUESTED.text(),
              tenant,
              podId,
              PodStatus.COMPLETE.text(),
              PodStatus.ERROR.text(),
              PodStatus.STOPPED.text())
          .update();
    }
  }

  /**
   * Asks for the start of a pod that sleeps (stopped for idleness, or waking on connect), once: of
   * several processes and requests waking it at the same moment, one changes the row; the others
   * find it ON already. Returns whether this call did.
   */
  public boolean wake(String tenant, String podId, Instant now) {
    return jdbc.sql(
                "update pods set status_requested = 'ON', update_ts = ?, stop_reason = null,"
                    + " status = case when status in (?, ?) then ? else status end,"
                    + " status_container = case when status in (?, ?) then '{}' else"
                    + " status_container end where tenant = ? and pod_id = ? and"
                    + " status_requested = 'OFF' and (stop_reason = 'idle' or wake_on_connect)")
            .params(
                time(now),
                PodStatus.COMPLETE.text(),
                PodStatus.STOPPED.text(),
                PodStatus.REQUESTED.text(),
                PodStatus.COMPLETE.text(),
                PodStatus.STOPPED.text(),
                tenant,
                podId)
            .update()
        == 1;
  }

  /**
   * Moves the running instance's stop, unless the instance changed meanwhile (a stop or restart
   * between reading the pod and this write) or another move got there first.
   */
  public void moveTimeToStop(
      String tenant, String podId, Instant instanceStart, Instant stop, Instant was) {
    String same = was == null ? "time_to_stop_ts is null" : "time_to_stop_ts = ?";
    var statement =
        jdbc.sql(
                "update pods set time_to_stop_ts = ? where tenant = ? and pod_id = ? and"
                    + " start_instance_ts = ? and status_requested = 'ON' and "
                    + same)
            .params(time(stop), tenant, podId, time(instanceStart));
    (was == null ? statement : statement.param(time(was))).update();
  }

  /** Removes the pod and leaves a tombstone so the reconciler removes its container. */
  public void delete(Pod pod, boolean deleteData, Instant now) {
    jdbc.sql(
            "insert into pod_deletions (tenant, pod_id, generation, delete_data, requested_ts,"
                + " pod_uid) values (?, ?, ?, ?, ?, ?)")
        .params(pod.tenant(), pod.podId(), pod.generation(), deleteData, time(now), pod.uid())
        .update();
    jdbc.sql("delete from pods where tenant = ? and pod_id = ?")
        .params(pod.tenant(), pod.podId())
        .update();
  }

  /** The container output kept for a pod, empty when it never ran. */
  public String containerLogs(String tenant, String podId) {
    return jdbc.sql("select logs from pod_logs where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query(String.class)
        .optional()
        .orElse("");
  }

  private Pod map(ResultSet rs, int row) throws SQLException {
    String source = rs.getString(col("pod_template"));
    PodDefinition definition =
        new PodDefinition(
            source.startsWith(Template.PREFIX) ? source.substring(Template.PREFIX.length()) : null,
            rs.getString(col("image")),
            rs.getString(col("description")),
            strings.read(rs.getString(col("command"))),
            strings.read(rs.getString(col("arguments"))),
            stringMap.read(rs.getString(col("environment_variables"))),
            networking.read(rs.getString(col("networking"))),
            resources.read(rs.getString(col("resources"))),
            mounts.read(rs.getString(col("volume_mounts"))),
            rs.getInt(col("time_to_stop_default")),
            (Integer) rs.getObject(col("time_to_stop_instance"), Integer.class),
            rs.getString(col("compute_queue")),
            rs.getInt(col("idle_timeout")),
            rs.getBoolean(col("wake_on_connect")));
    PodObserved observed =
        new PodObserved(
            PodStatus.fromText(rs.getString(col("status"))),
            containerStatus.read(rs.getString(col("status_container"))),
            instant(rs, col("time_to_stop_ts")),
            instant(rs, col("start_instance_ts")),
            instant(rs, col("last_activity_ts")),
            rs.getString(col("stop_reason")),
            instant(rs, col("stop_warned_ts")));
    return new Pod(
        new PodKey(rs.getString(col("tenant")), rs.getString(col("pod_id"))),
        definition,
        StatusRequested.valueOf(rs.getString(col("status_requested"))),
        observed,
        rs.getLong(col("generation")),
        instant(rs, col("creation_ts")),
        instant(rs, col("update_ts")),
        rs.getString(col("created_by")),
        rs.getString(col("uid")));
  }

  private String write(Object value) {
    return json.writeValueAsString(value);
  }

  /** Columns are read by position: H2 builds a name index per result set otherwise. */
  private static int col(String name) {
    return COLUMN_NAMES.indexOf(name) + 1;
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
