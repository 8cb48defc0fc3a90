package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves what a pod's {@code template} names ({@code template_id[:tag[@time]]}) to a tag the
 * caller may READ, with the tags of the templates it builds on ({@code pod_definition.template})
 * merged under it, at most {@link #MAX_DEPTH} deep and without cycles.
 */
@Component
public class TagResolver {
  static final int MAX_DEPTH = 5;

  private final TemplateService templates;
  private final TemplateRepository repository;

  public TagResolver(TemplateService templates, TemplateRepository repository) {
    this.templates = templates;
    this.repository = repository;
  }

  /** Whether a stored template has this id (a catalog name without one is a site file's). */
  public boolean exists(String reference) {
    int colon = reference.indexOf(':');
    return repository.find(colon < 0 ? reference : reference.substring(0, colon)).isPresent();
  }

  /** The tag a new pod starts from: 404/403 without READ, 400 when the template is archived. */
  public ResolvedTag forNewPod(Caller caller, String field, String reference) {
    ResolvedTag resolved = resolve(caller, field, reference, new ArrayList<>());
    if (resolved.template().archived()) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ": template "
              + resolved.templateId()
              + " is archived and starts no new pods: "
              + resolved.template().archiveMessage());
    }
    return resolved;
  }

  /** The newest tag of a template, for a pod moving onto it (READ needed). */
  public ResolvedTag newest(Caller caller, String templateId) {
    return resolve(caller, "template", templateId, new ArrayList<>());
  }

  /**
   * The tag a pod recorded, without a permission check: only for showing where the pod's fields
   * came from. Empty when the template or the tag is gone.
   */
  public Optional<ResolvedTag> recorded(String templateId, String tagTimestamp) {
    try {
      return Optional.of(
          resolve(null, "template", templateId + ":" + tagTimestamp, new ArrayList<>()));
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  private StoredTemplate readable(Caller caller, String field, String templateId) {
    try {
      return templates.require(caller, templateId, PermissionLevel.READ);
    } catch (ApiException e) {
      throw new ApiException(e.status(), "Field " + field + ": " + e.getMessage());
    }
  }

  /** Resolves a reference and its bases; {@code caller} null reads without permission checks. */
  private ResolvedTag resolve(Caller caller, String field, String reference, List<String> seen) {
    TagReference ref = TagReference.parse(field, reference);
    if (seen.contains(ref.templateId())) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ": templates build on each other in a cycle ("
              + String.join(" -> ", seen)
              + " -> "
              + ref.templateId()
              + ").");
    }
    if (seen.size() >= MAX_DEPTH) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ": template "
              + seen.get(0)
              + " builds on more than "
              + MAX_DEPTH
              + " templates.");
    }
    seen.add(ref.templateId());
    StoredTemplate template =
        caller == null
            ? repository
                .find(ref.templateId())
                .orElseThrow(
                    () -> ApiException.notFound("Template " + ref.templateId() + " not found."))
            : readable(caller, field, ref.templateId());
    TemplateTag tag =
        ref.pick(repository.tags(template.templateId()))
            .orElseThrow(() ->
                ApiException.notFound(
                    "Field "
                        + field
                        + ": template "
                        + template.templateId()
                        + " has no tag "
                        + (ref.timestamp() == null ? ref.tag() : ref.tag() + "@" + ref.timestamp())
                        + "."));
    ObjectNode own = ((ObjectNode) tag.podDefinition()).deepCopy();
    JsonNode base = own.remove("template");
    if (base == null || !base.isString()) {
      return new ResolvedTag(
          template, tag, own, template.siteTemplate() ? template.templateId() : null);
    }
    ResolvedTag under = resolve(caller, field, base.asString(), seen);
    return new ResolvedTag(
        template,
        tag,
        TemplateMerge.merge(under.definition(), own).definition(),
        under.siteTemplate());
  }
}
