package io.berth.templates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Templates and their tags in the database. */
@Repository
public class TemplateRepository {
  private static final String COLUMNS =
      "template_id, tenant, description, metatags, archive_message, owner, site_file,"
          + " creation_ts, update_ts";
  private static final String TAG_COLUMNS =
      "template_id, seq, tag, tag_timestamp, pod_definition, commit_message, added_by,"
          + " source_digest, creation_ts";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public TemplateRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Inserts unless a template of that id exists; true when this call inserted it. */
  public boolean insert(StoredTemplate t) {
    return jdbc.sql(
                "insert into templates ("
                    + COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")
            .params(
                t.templateId(),
                t.tenant(),
                t.description(),
                json.writeValueAsString(t.metatags()),
                t.archiveMessage(),
                t.owner(),
                t.siteFile(),
                time(t.creationTs()),
                time(t.updateTs()))
            .update()
        > 0;
  }

  public Optional<StoredTemplate> find(String templateId) {
    return jdbc.sql("select " + COLUMNS + " from templates where template_id = ?")
        .param(templateId)
        .query(this::map)
        .optional();
  }

  /** Locks the template's row until the transaction ends: its tags are added one at a time. */
  public Optional<StoredTemplate> lock(String templateId) {
    return jdbc.sql("select " + COLUMNS + " from templates where template_id = ? for update")
        .param(templateId)
        .query(this::map)
        .optional();
  }

  public List<StoredTemplate> ofTenant(String tenant) {
    return jdbc.sql("select " + COLUMNS + " from templates where tenant = ? order by template_id")
        .param(tenant)
        .query(this::map)
        .list();
  }

  public List<String> siteTemplateIds() {
    return jdbc.sql("select template_id from templates where site_file is not null")
        .query(String.class)
        .list();
  }

  public List<StoredTemplate> byIds(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from templates where template_id in (:ids) order by template_id")
        .param("ids", ids)
        .query(this::map)
        .list();
  }

  public void update(StoredTemplate t) {
    jdbc.sql(
            "update templates set description = ?, metatags = ?, archive_message = ?, update_ts = ?"
                + " where template_id = ?")
        .params(
            t.description(),
            json.writeValueAsString(t.metatags()),
            t.archiveMessage(),
            time(t.updateTs()),
            t.templateId())
        .update();
  }

  /** Deletes a template; its tags go with it (foreign key, on delete cascade). */
  public void delete(String templateId) {
    jdbc.sql("delete from template_tags where template_id = ?").param(templateId).update();
    jdbc.sql("delete from templates where template_id = ?").param(templateId).update();
  }

  /**
   * How many pods, in any tenant, run a template: the pods feature records it as {@code
   * template/<id>}, optionally followed by {@code :tag...}.
   */
  public long podsUsing(String templateId) {
    return jdbc.sql(
            "select count(*) from pods p where p.pod_template = ? or exists (select 1 from"
                + " pod_template_origins o where o.tenant = p.tenant and o.pod_id = p.pod_id and"
                + " o.template_id = ?)")
        .params(Template.PREFIX + templateId, templateId)
        .query(Long.class)
        .single();
  }

  public List<TemplateTag> tags(String templateId) {
    return jdbc.sql(
            "select " + TAG_COLUMNS + " from template_tags where template_id = ? order by seq")
        .param(templateId)
        .query(this::mapTag)
        .list();
  }

  public List<TemplateTag> tagsOf(Collection<String> templateIds) {
    if (templateIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select "
                + TAG_COLUMNS
                + " from template_tags where template_id in (:ids) order by template_id, seq")
        .param("ids", templateIds)
        .query(this::mapTag)
        .list();
  }

  public Optional<TemplateTag> newestTag(String templateId) {
    return jdbc.sql(
            "select "
                + TAG_COLUMNS
                + " from template_tags where template_id = ? order by seq desc fetch first 1 rows"
                + " only")
        .param(templateId)
        .query(this::mapTag)
        .optional();
  }

  public int tagCount(String templateId) {
    return jdbc.sql("select count(*) from template_tags where template_id = ?")
        .param(templateId)
        .query(Integer.class)
        .single();
  }

  public boolean tagNameUsed(String templateId, String tag) {
    return jdbc.sql("select count(*) from template_tags where template_id = ? and tag = ?")
            .params(templateId, tag)
            .query(Integer.class)
            .single()
        > 0;
  }

  public void insertTag(TemplateTag t) {
    jdbc.sql("insert into template_tags (" + TAG_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            t.templateId(),
            t.seq(),
            t.tag(),
            t.tagTimestamp(),
            json.writeValueAsString(t.podDefinition()),
            t.commitMessage(),
            t.addedBy(),
            t.sourceDigest(),
            time(t.creationTs()))
        .update();
  }

  private StoredTemplate map(ResultSet rs, int row) throws SQLException {
    return new StoredTemplate(
        rs.getString("template_id"),
        rs.getString("tenant"),
        rs.getString("description"),
        json.readValue(rs.getString("metatags"), new TypeReference<List<String>>() {}),
        rs.getString("archive_message"),
        rs.getString("owner"),
        rs.getString("site_file"),
        rs.getObject("creation_ts", OffsetDateTime.class).toInstant(),
        rs.getObject("update_ts", OffsetDateTime.class).toInstant());
  }

  private TemplateTag mapTag(ResultSet rs, int row) throws SQLException {
    return new TemplateTag(
        rs.getString("template_id"),
        rs.getInt("seq"),
        rs.getString("tag"),
        rs.getString("tag_timestamp"),
        json.readValue(rs.getString("pod_definition"), JsonNode.class),
        rs.getString("commit_message"),
        rs.getString("added_by"),
        rs.getString("source_digest"),
        rs.getObject("creation_ts", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
