package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.permissions.AccessRules;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.permissions.ResourceKind;
import io.berth.permissions.SharedWith;
import io.berth.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Templates and their tags as API objects. A template id names one template across the site; who
 * holds what on it is kept by the permissions feature: READ to see it and start pods from it, USER
 * to add tags, ADMIN to change, delete and share it. Holding nothing answers 404, as for pods. Site
 * templates (imported from the site's files) are readable by every user of every tenant.
 */
@Service
public class TemplateService {
  /** The most tags one template keeps; beyond, a new tag is refused (409). */
  public static final int MAX_TAGS = 1000;

  static final DateTimeFormatter TAG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final TemplateRepository repository;
  private final Permissions permissions;
  private final TagDefinitionCheck definitions;
  private final SiteAdmin siteAdmin;
  private final Clock clock;

  public TemplateService(
      TemplateRepository repository,
      Permissions permissions,
      TagDefinitionCheck definitions,
      SiteAdmin siteAdmin,
      Clock clock) {
    this.repository = repository;
    this.permissions = permissions;
    this.definitions = definitions;
    this.siteAdmin = siteAdmin;
    this.clock = clock;
  }

  @Transactional
  public StoredTemplate create(Caller caller, NewTemplate request) {
    if (request == null) {
      throw ApiException.badRequest("The request body must be a JSON object with template_id.");
    }
    Instant now = clock.instant();
    StoredTemplate template =
        new StoredTemplate(
            TemplateRules.templateId(request.templateId()),
            caller.tenant(),
            TemplateRules.description(request.description()),
            TemplateRules.metatags(request.metatags()),
            TemplateRules.message("archive_message", request.archiveMessage()),
            caller.user(),
            null,
            now,
            now);
    if (!repository.insert(template)) {
      throw ApiException.conflict(
          "Template " + template.templateId() + " already exists; template ids are site-wide.");
    }
    permissions.created(template.resource(), caller.user());
    return template;
  }

  /** The template when the caller holds at least {@code level} on it; 404 or 403 otherwise. */
  public StoredTemplate require(Caller caller, String templateId, PermissionLevel level) {
    StoredTemplate template = repository.find(templateId).orElseThrow(() -> notFound(templateId));
    AccessRules.require(template.resource(), held(caller, template), level);
    return template;
  }

  /** What the caller holds: their grants, and READ on every site template whoever they are. */
  private PermissionLevel held(Caller caller, StoredTemplate template) {
    PermissionLevel held = permissions.held(caller, template.resource());
    return held == null && template.siteTemplate() ? PermissionLevel.READ : held;
  }

  /**
   * The templates the caller may see, by id: their tenant's when they are its admin, those granted
   * to them or their tenant, and those shared with the whole site. Filtered by metatags (each one
   * given must be present) and by text found in the id or the description, ignoring case.
   */
  public List<StoredTemplate> list(Caller caller, List<String> metatags, String search) {
    Set<String> ids = new TreeSet<>();
    if (caller.isTenantAdmin()) {
      repository.ofTenant(caller.tenant()).forEach(t -> ids.add(t.templateId()));
    }
    for (Resource r : permissions.sharedWith(caller, ResourceKind.TEMPLATE)) {
      ids.add(r.id());
    }
    ids.addAll(repository.siteTemplateIds());
    String text = search == null ? "" : search.toLowerCase(Locale.ROOT);
    List<String> wanted = metatags == null ? List.of() : metatags;
    return repository.byIds(ids).stream()
        .filter(t -> held(caller, t) != null)
        .filter(t -> t.metatags().containsAll(wanted))
        .filter(t ->
            text.isEmpty()
                || t.templateId().contains(text)
                || t.description().toLowerCase(Locale.ROOT).contains(text))
        .toList();
  }

  @Transactional
  public StoredTemplate update(Caller caller, String templateId, TemplateUpdate update) {
    StoredTemplate current = require(caller, templateId, PermissionLevel.ADMIN);
    if (update == null) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    StoredTemplate updated =
        new StoredTemplate(
            current.templateId(),
            current.tenant(),
            update.description() == null
                ? current.description()
                : TemplateRules.description(update.description()),
            update.metatags() == null
                ? current.metatags()
                : TemplateRules.metatags(update.metatags()),
            update.archiveMessage() == null
                ? current.archiveMessage()
                : TemplateRules.message("archive_message", update.archiveMessage()),
            current.owner(),
            current.siteFile(),
            current.creationTs(),
            clock.instant());
    repository.update(updated);
    return updated;
  }

  /** Deletes a template and its tags; refused while pods use it, unless it is archived. */
  @Transactional
  public void delete(Caller caller, String templateId) {
    require(caller, templateId, PermissionLevel.ADMIN);
    StoredTemplate template = repository.lock(templateId).orElseThrow(() -> notFound(templateId));
    long pods = repository.podsUsing(templateId);
    if (pods > 0 && !template.archived()) {
      throw ApiException.conflict(
          "Template "
              + templateId
              + " is used by "
              + pods
              + (pods == 1 ? " pod" : " pods")
              + "; archive it first (set archive_message) or delete those pods.");
    }
    repository.delete(templateId);
    permissions.deleted(template.resource());
  }

  public List<TemplateTag> tags(Caller caller, String templateId, boolean full) {
    require(caller, templateId, PermissionLevel.READ);
    return shown(repository.tags(templateId), full);
  }

  /** The tag a tag id names ({@code tag}, {@code latest} or {@code tag@time}), in a list. */
  public List<TemplateTag> tag(Caller caller, String templateId, String tagId) {
    require(caller, templateId, PermissionLevel.READ);
    TagReference reference = TagReference.ofTagId(templateId, tagId);
    return List.of(
        reference
            .pick(repository.tags(templateId))
            .orElseThrow(() ->
                ApiException.notFound("Template " + templateId + " has no tag " + tagId + ".")));
  }

  /** The tag a reference ({@code id[:tag[@time]]}) names, for starting pods from templates. */
  public TemplateTag resolve(Caller caller, String field, String reference) {
    TagReference r = TagReference.parse(field, reference);
    StoredTemplate template = require(caller, r.templateId(), PermissionLevel.READ);
    return r.pick(repository.tags(template.templateId()))
        .orElseThrow(() ->
            ApiException.badRequest(
                "Field " + field + ": template " + reference + " has no such tag."));
  }

  @Transactional
  public TemplateTag addTag(Caller caller, String templateId, NewTemplateTag request) {
    require(caller, templateId, PermissionLevel.USER);
    if (request == null) {
      throw ApiException.badRequest(
          "The request body must be a JSON object with pod_definition and commit_message.");
    }
    String tag = TemplateRules.tag(request.tag());
    if (request.commitMessage() == null) {
      throw ApiException.badRequest("Field commit_message is required.");
    }
    String commitMessage = TemplateRules.message("commit_message", request.commitMessage());
    JsonNode definition = definitions.checked(caller, request.podDefinition());
    if (request.podDefinition().template() != null) {
      TemplateTag base = base(caller, request.podDefinition().template());
      if (base.templateId().equals(templateId)) {
        throw ApiException.badRequest(
            "Field pod_definition.template must name another template than " + templateId + ".");
      }
    }
    return append(templateId, tag, definition, commitMessage, caller.user(), null);
  }

  private TemplateTag base(Caller caller, String reference) {
    try {
      return resolve(caller, "pod_definition.template", reference);
    } catch (ApiException e) {
      if (e.status().value() != 404) {
        throw e;
      }
      throw ApiException.badRequest(
          "Field pod_definition.template: template " + reference + " not found.");
    }
  }

  /**
   * Adds a tag under the template's row lock, so tags are numbered and named one at a time: a name
   * other than {@code latest} is given once only, and a template keeps at most {@link #MAX_TAGS}.
   */
  TemplateTag append(
      String templateId,
      String tag,
      JsonNode definition,
      String commitMessage,
      String addedBy,
      String sourceDigest) {
    repository.lock(templateId).orElseThrow(() -> notFound(templateId));
    if (!TemplateRules.LATEST.equals(tag) && repository.tagNameUsed(templateId, tag)) {
      throw ApiException.conflict(
          "Template "
              + templateId
              + " already has a tag "
              + tag
              + "; tags are immutable, give the new version another name.");
    }
    int count = repository.tagCount(templateId);
    if (count >= MAX_TAGS) {
      throw ApiException.conflict(
          "Template "
              + templateId
              + " has "
              + count
              + " tags, the most a template may keep ("
              + MAX_TAGS
              + ").");
    }
    TemplateTag newest = repository.newestTag(templateId).orElse(null);
    Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    if (newest != null && !at.isAfter(newest.creationTs())) {
      at = newest.creationTs().plusSeconds(1); // one tag a second keeps tag@time unique and ordered
    }
    TemplateTag created =
        new TemplateTag(
            templateId,
            newest == null ? 1 : newest.seq() + 1,
            tag,
            tag + "@" + TAG_TIME.format(at),
            definition,
            commitMessage,
            addedBy,
            sourceDigest,
            at);
    repository.insertTag(created);
    return created;
  }

  /** Every template the caller may see with its tags, oldest tag first. */
  public List<TemplateWithTags> allWithTags(Caller caller, boolean full) {
    List<StoredTemplate> templates = list(caller, List.of(), null);
    List<TemplateTag> tags =
        repository.tagsOf(templates.stream().map(StoredTemplate::templateId).toList());
    return templates.stream()
        .map(t ->
            new TemplateWithTags(
                t,
                shown(
                    tags.stream().filter(g -> g.templateId().equals(t.templateId())).toList(),
                    full)))
        .toList();
  }

  /** A template with its tags, as {@code GET /v3/pods/templates/tags} lists them. */
  public record TemplateWithTags(StoredTemplate template, List<TemplateTag> tags) {}

  public List<String> permissions(Caller caller, String templateId) {
    return permissions.list(require(caller, templateId, PermissionLevel.READ).resource());
  }

  /** Grants a level; granting the whole site ({@code *site}) is for site admins only. */
  @Transactional
  public List<String> grant(Caller caller, String templateId, PermissionGrant grant) {
    StoredTemplate template = require(caller, templateId, PermissionLevel.ADMIN);
    if (grant != null && SharedWith.SITE.equals(grant.user()) && !siteAdmin.is(caller)) {
      throw ApiException.forbidden(
          "Only a site admin may share a template with the whole site (" + SharedWith.SITE + ").");
    }
    return permissions.grant(caller, template.resource(), grant);
  }

  @Transactional
  public List<String> revoke(Caller caller, String templateId, String user) {
    StoredTemplate template = require(caller, templateId, PermissionLevel.ADMIN);
    return permissions.revoke(caller, template.resource(), user);
  }

  private static List<TemplateTag> shown(List<TemplateTag> tags, boolean full) {
    return full ? tags : tags.stream().map(TemplateTag::summary).toList();
  }

  private static ApiException notFound(String templateId) {
    return ApiException.notFound("Template " + templateId + " not found.");
  }
}
