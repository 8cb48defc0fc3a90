package io.berth.templates;

import io.berth.web.ApiException;
import io.berth.web.Descriptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a template's own fields and of tag names; each refusal names the field and the rule.
 * Template ids follow the pod id rule (a template id becomes part of pod references and URLs).
 */
public final class TemplateRules {
  /** The pod id rule (PodRules.POD_ID), which templates cannot import. */
  public static final Pattern TEMPLATE_ID = Pattern.compile("^[a-z][a-z0-9]{2,63}$");

  /** A tag name: no ':' or '@', which separate template, tag and timestamp in a reference. */
  public static final Pattern TAG = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

  /** The tag name that always means a template's newest tag, and may be given many times. */
  public static final String LATEST = "latest";

  /** {@code tags} is a path of its own under /v3/pods/templates. */
  static final Set<String> RESERVED_IDS = Set.of("tags", "templates", "images");

  public static final int MAX_METATAGS = 32;
  public static final int MAX_METATAG_LENGTH = 64;
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private TemplateRules() {}

  public static String templateId(String id) {
    if (id == null) {
      throw ApiException.badRequest("Field template_id is required.");
    }
    if (!TEMPLATE_ID.matcher(id).matches()) {
      throw ApiException.badRequest(
          "Field template_id must be 3 to 64 lowercase letters and digits starting with a letter"
              + " (^[a-z][a-z0-9]{2,63}$).");
    }
    if (RESERVED_IDS.contains(id)) {
      throw ApiException.badRequest("Field template_id '" + id + "' is a reserved word.");
    }
    return id;
  }

  public static String description(String description) {
    return Descriptions.check("description", description);
  }

  public static List<String> metatags(List<String> metatags) {
    if (metatags == null) {
      return List.of();
    }
    if (metatags.size() > MAX_METATAGS) {
      throw ApiException.badRequest("Field metatags may have at most " + MAX_METATAGS + " items.");
    }
    Set<String> result = new LinkedHashSet<>();
    for (int i = 0; i < metatags.size(); i++) {
      String tag = metatags.get(i);
      if (tag == null || tag.isBlank() || tag.length() > MAX_METATAG_LENGTH) {
        throw ApiException.badRequest(
            "Field metatags["
                + i
                + "] must be a non-empty string of at most "
                + MAX_METATAG_LENGTH
                + " characters.");
      }
      result.add(tag);
    }
    return new ArrayList<>(result);
  }

  public static String message(String field, String message) {
    if (message == null) {
      return "";
    }
    if (message.length() > MAX_MESSAGE_LENGTH) {
      throw ApiException.badRequest(
          "Field " + field + " must be at most " + MAX_MESSAGE_LENGTH + " characters.");
    }
    return message;
  }

  public static String tag(String tag) {
    if (tag == null || tag.isEmpty()) {
      return LATEST;
    }
    if (!TAG.matcher(tag).matches()) {
      throw ApiException.badRequest(
          "Field tag must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit (^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$).");
    }
    return tag;
  }
}
