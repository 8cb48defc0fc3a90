package io.berth.pods;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Which template tag each pod came from (table {@code pod_template_origins}). */
@Repository
class TemplateOrigins {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  TemplateOrigins(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Records (or replaces) where a pod's definition comes from. */
  void set(String tenant, String podId, TemplateOrigin origin) {
    jdbc.sql("delete from pod_template_origins where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .update();
    jdbc.sql(
            "insert into pod_template_origins (tenant, pod_id, template_id, reference,"
                + " tag_timestamp, pod_fields) values (?, ?, ?, ?, ?, ?)")
        .params(
            tenant,
            podId,
            origin.templateId(),
            origin.reference(),
            origin.tagTimestamp(),
            json.writeValueAsString(origin.podFields()))
        .update();
  }

  Optional<TemplateOrigin> find(String tenant, String podId) {
    return jdbc.sql(
            "select template_id, reference, tag_timestamp, pod_fields from pod_template_origins"
                + " where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query((rs, i) ->
            new TemplateOrigin(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                (ObjectNode) json.readTree(rs.getString(4))))
        .optional();
  }

  /** The origins of some pods of a tenant, by pod id (pods from no template are left out). */
  Map<String, TemplateOrigin> ofPods(String tenant, Collection<String> podIds) {
    Map<String, TemplateOrigin> result = new HashMap<>();
    if (podIds.isEmpty()) {
      return result;
    }
    jdbc.sql(
            "select pod_id, template_id, reference, tag_timestamp from pod_template_origins"
                + " where tenant = ?")
        .param(tenant)
        .query((rs, i) -> {
          if (podIds.contains(rs.getString(1))) {
            result.put(
                rs.getString(1),
                new TemplateOrigin(rs.getString(2), rs.getString(3), rs.getString(4), null));
          }
          return null;
        })
        .list();
    return result;
  }
}
