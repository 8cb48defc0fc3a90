package io.berth.templates;

import io.berth.web.ApiException;
import java.util.List;
import java.util.Optional;

/**
 * Which tag of which template a reference names, in Tapis's form {@code template_id[:tag[@time]]}:
 * no tag means {@code latest}, the newest tag; a tag name means the newest tag of that name; {@code
 * tag@time} (a tag_timestamp) means exactly that tag.
 */
public record TagReference(String templateId, String tag, String timestamp) {

  public static TagReference parse(String field, String reference) {
    if (reference == null || reference.isBlank()) {
      throw ApiException.badRequest("Field " + field + " is required.");
    }
    String id = reference;
    String tag = TemplateRules.LATEST;
    String timestamp = null;
    int colon = reference.indexOf(':');
    if (colon >= 0) {
      id = reference.substring(0, colon);
      String rest = reference.substring(colon + 1);
      int at = rest.indexOf('@');
      tag = at >= 0 ? rest.substring(0, at) : rest;
      timestamp = at >= 0 ? rest.substring(at + 1) : null;
    } else if (reference.contains("@")) {
      throw ApiException.badRequest(
          "Field " + field + " must be template_id, template_id:tag or template_id:tag@timestamp.");
    }
    if (!TemplateRules.TEMPLATE_ID.matcher(id).matches()
        || !TemplateRules.TAG.matcher(tag).matches()
        || (timestamp != null && timestamp.isEmpty())) {
      throw ApiException.badRequest(
          "Field " + field + " must be template_id, template_id:tag or template_id:tag@timestamp.");
    }
    return new TagReference(id, tag, timestamp);
  }

  /** A tag id of the tags path: {@code tag} or {@code tag@time}. */
  public static TagReference ofTagId(String templateId, String tagId) {
    return parse("tag_id", templateId + ":" + tagId);
  }

  /** Picks the tag this reference names from a template's tags, listed oldest first. */
  public Optional<TemplateTag> pick(List<TemplateTag> oldestFirst) {
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      TemplateTag t = oldestFirst.get(i);
      if (matches(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private boolean matches(TemplateTag t) {
    if (timestamp != null) {
      return t.tagTimestamp().equals(tag + "@" + timestamp);
    }
    return TemplateRules.LATEST.equals(tag) || t.tag().equals(tag);
  }
}
