package io.berth.templates;

import tools.jackson.databind.node.ObjectNode;

/**
 * The template tag a pod starts from, its base templates' tags laid under it.
 *
 * @param definition the tag's pod definition merged over its bases' (no {@code template} field)
 * @param siteTemplate the site template at the root of the chain, whose catalog entry (readiness,
 *     data paths, credentials) the pod keeps; null when the chain has none
 */
public record ResolvedTag(
    StoredTemplate template, TemplateTag tag, ObjectNode definition, String siteTemplate) {

  public String templateId() {
    return template.templateId();
  }

  /** The exact tag, {@code tag@time}. */
  public String tagTimestamp() {
    return tag.tagTimestamp();
  }
}
