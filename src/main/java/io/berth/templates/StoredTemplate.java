package io.berth.templates;

import io.berth.permissions.Resource;
import java.time.Instant;
import java.util.List;

/**
 * A template as stored: its owning tenant (whose admins hold ADMIN on it), its creator, and for
 * site templates the file it is imported from (null for templates made through the API).
 */
public record StoredTemplate(
    String templateId,
    String tenant,
    String description,
    List<String> metatags,
    String archiveMessage,
    String owner,
    String siteFile,
    Instant creationTs,
    Instant updateTs) {

  public StoredTemplate {
    metatags = List.copyOf(metatags);
  }

  public boolean archived() {
    return !archiveMessage.isEmpty();
  }

  /** Imported from the site's template files: readable by everyone. */
  public boolean siteTemplate() {
    return siteFile != null;
  }

  public Resource resource() {
    return Resource.template(tenant, templateId);
  }

  public TemplateView view() {
    return new TemplateView(
        templateId, description, metatags, archiveMessage, creationTs, updateTs);
  }
}
