package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.templates.GivenValues;
import io.berth.templates.NewTemplateTag;
import io.berth.templates.ResolvedTag;
import io.berth.templates.TagDefinition;
import io.berth.templates.TagResolver;
import io.berth.templates.Template;
import io.berth.templates.TemplateCatalog;
import io.berth.templates.TemplateMerge;
import io.berth.templates.TemplateService;
import io.berth.templates.TemplateTag;
import io.berth.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods from stored templates, as Tapis makes them: {@code template} names a template the caller may
 * READ and optionally a tag; the tag's pod definition (over its bases') is the pod's, with the
 * owner's own fields winning ({@link TemplateMerge}). The pod records the tag and those fields, so
 * it can later move onto the newest tag and show where each field came from.
 */
@Component
class PodTemplates {
  /** The fields of a pod definition a template tag may give, in the API's names. */
  static final List<String> FIELDS =
      List.of(
          "image",
          "description",
          "command",
          "arguments",
          "environment_variables",
          "networking",
          "resources",
          "volume_mounts",
          "time_to_stop_default",
          "time_to_stop_instance",
          "compute_queue");

  private final TagResolver tags;
  private final TemplateService templates;
  private final TemplateCatalog catalog;
  private final PodSources sources;
  private final TemplateOrigins origins;
  private final JsonMapper json;

  PodTemplates(
      TagResolver tags,
      TemplateService templates,
      TemplateCatalog catalog,
      PodSources sources,
      TemplateOrigins origins,
      JsonMapper json) {
    this.tags = tags;
    this.templates = templates;
    this.catalog = catalog;
    this.sources = sources;
    this.origins = origins;
    this.json = json;
  }

  /**
   * A pod request laid over its template's tag: the request to validate, its source, its origin.
   */
  record FromTemplate(NewPod request, PodSource source, TemplateOrigin origin) {}

  /**
   * The request over the stored template its {@code template} names; empty when it names none (an
   * image, {@code pod_template}, {@code template/<name>}, or a site file's name that is not a
   * stored template, as before templates were API objects).
   */
  Optional<FromTemplate> resolve(Caller caller, NewPod request) {
    String reference = request.template();
    if (!namesStoredTemplate(reference, request.podTemplate(), request.image())) {
      return Optional.empty();
    }
    ResolvedTag tag = tags.forNewPod(caller, "template", reference);
    ObjectNode podFields = ownFields(json.valueToTree(request));
    ObjectNode merged = TemplateMerge.merge(tag.definition(), podFields).definition();
    PodSource source = source(caller, tag, merged, podFields.has("image"));
    ObjectNode body = merged.deepCopy();
    body.remove("image");
    body.put("pod_id", request.podId());
    body.put("status_requested", request.statusRequested());
    body.set("placeholder_values", json.valueToTree(request.placeholderValues()));
    NewPod laid;
    try {
      laid = json.treeToValue(body, NewPod.class);
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "Field template: the pod definition of template " + reference + " cannot be read.");
    }
    return Optional.of(
        new FromTemplate(
            laid,
            source,
            new TemplateOrigin(tag.templateId(), reference, tag.tagTimestamp(), podFields)));
  }

  /**
   * Whether {@code template} names a stored template: not an image or {@code pod_template} given
   * beside it (one source only: a 400 elsewhere), not {@code template/<name>}, not a site file's
   * name that is no stored template.
   */
  private boolean namesStoredTemplate(String reference, String podTemplate, String image) {
    return reference != null
        && !reference.isBlank()
        && !reference.startsWith(Template.PREFIX)
        && (podTemplate == null || podTemplate.isBlank())
        && (image == null || image.isBlank())
        && (tags.exists(reference) || catalog.find(Template.PREFIX + reference).isEmpty());
  }

  /**
   * What the pod runs: its site template (with the catalog's readiness, data paths and credentials)
   * when the chain ends at one and the image is that template's; otherwise an image the allowlist
   * permits.
   */
  private PodSource source(Caller caller, ResolvedTag tag, ObjectNode merged, boolean imageGiven) {
    JsonNode image = merged.get("image");
    if (image == null || !image.isString() || image.asString().isBlank()) {
      throw ApiException.badRequest(
          "Field image is required: template "
              + tag.templateId()
              + " tag "
              + tag.tagTimestamp()
              + " names no image.");
    }
    Template site =
        tag.siteTemplate() == null
            ? null
            : catalog.find(Template.PREFIX + tag.siteTemplate()).orElse(null);
    if (site != null && site.image().equals(image.asString())) {
      return new PodSource(site.image(), site);
    }
    return sources.image(caller, imageGiven ? "image" : "template", image.asString());
  }

  /**
   * A pod moving onto a template's tag: the update that does it (with the queue the tag and the
   * owner's fields name, {@code default} when neither does), and its new origin.
   */
  record Move(PodUpdate update, String computeQueue, TemplateOrigin origin) {}

  /**
   * The move that lays the pod's own fields over the newest tag of its template, a restart; empty
   * for a pod from no stored template.
   */
  Optional<Move> newest(Caller caller, Pod pod) {
    return origin(pod)
        .map(o -> {
          ResolvedTag tag = tags.newest(caller, o.templateId());
          return move(
              caller, tag, o.templateId(), o.podFields(), StatusRequested.RESTART.name(), null);
        });
  }

  /**
   * An update naming a stored template other than the pod's (READ needed, as for a new pod): the
   * move onto that tag, the update's fields (and those the owner gave before) over it; empty when
   * the update names no stored template.
   */
  Optional<Move> named(Caller caller, Pod pod, PodUpdate update) {
    if (!namesStoredTemplate(update.template(), update.podTemplate(), update.image())
        || update.template().equals(pod.definition().template())) { // its own source: no change
      return Optional.empty();
    }
    ResolvedTag tag = tags.forNewPod(caller, "template", update.template());
    ObjectNode podFields =
        origin(pod).map(o -> o.podFields().deepCopy()).orElseGet(json::createObjectNode);
    podFields.setAll(ownFields(json.valueToTree(update)));
    return Optional.of(
        move(
            caller,
            tag,
            update.template(),
            podFields,
            update.statusRequested(),
            update.idleTimeout()));
  }

  /**
   * The update laying {@code podFields} over a tag, every field given (a field neither gives is
   * emptied, not kept).
   */
  private Move move(
      Caller caller,
      ResolvedTag tag,
      String reference,
      ObjectNode podFields,
      String statusRequested,
      Integer idleTimeout) {
    ObjectNode merged = TemplateMerge.merge(tag.definition(), podFields).definition();
    PodSource source = source(caller, tag, merged, podFields.has("image"));
    ObjectNode body = merged.deepCopy();
    JsonNode queue = body.remove("compute_queue");
    body.putIfAbsent("description", body.stringNode(""));
    body.putIfAbsent("command", body.arrayNode());
    body.putIfAbsent("arguments", body.arrayNode());
    body.putIfAbsent("environment_variables", body.objectNode());
    body.putIfAbsent("volume_mounts", body.objectNode());
    body.putIfAbsent("networking", json.valueToTree(PodSource.imageNetworking()));
    if (source.template() != null) {
      body.remove("image");
      body.put("template", source.template().reference());
    } else {
      body.put("image", source.image());
    }
    body.put("status_requested", statusRequested);
    if (idleTimeout != null) {
      body.put("idle_timeout", idleTimeout);
    }
    PodUpdate update;
    try {
      update = json.treeToValue(body, PodUpdate.class);
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "Field template: the pod definition of template "
              + tag.templateId()
              + " cannot be read.");
    }
    return new Move(
        update,
        queue != null && queue.isString() ? queue.asString() : PodDefinition.DEFAULT_QUEUE,
        new TemplateOrigin(tag.templateId(), reference, tag.tagTimestamp(), podFields));
  }

  /** After an update by the pod's owner: the fields it gave win over the tag from now on. */
  void changedByUser(Pod pod, PodUpdate update) {
    origin(pod)
        .ifPresent(o -> {
          ObjectNode fields = o.podFields().deepCopy();
          fields.setAll(ownFields(json.valueToTree(update)));
          origins.set(
              pod.tenant(),
              pod.podId(),
              new TemplateOrigin(o.templateId(), o.reference(), o.tagTimestamp(), fields));
        });
  }

  /**
   * A pod's definition as a template tag's: for a pod whose site template gives its image, that
   * template is named as the tag's base (so the readiness, data paths and credentials come along)
   * and the image is left to it.
   */
  TagDefinition asTagDefinition(Pod pod) {
    ObjectNode node = podFields(pod);
    String site = pod.definition().template();
    if (site != null && tags.exists(site)) {
      Template t = catalog.find(Template.PREFIX + site).orElse(null);
      if (t != null && t.image().equals(pod.definition().image())) {
        node.remove("image");
      }
      node.put("template", site);
    }
    return json.treeToValue(GivenValues.withoutNulls(node), TagDefinition.class);
  }

  /** Saves a pod's definition as a new tag of a template the caller holds USER on. */
  TemplateTag saveAsTag(Caller caller, Pod pod, NewTemplateTagFromPod request) {
    if (request == null || request.templateId() == null || request.templateId().isBlank()) {
      throw ApiException.badRequest("Field template_id is required: the template to add a tag to.");
    }
    return templates.addTag(
        caller,
        request.templateId(),
        new NewTemplateTag(asTagDefinition(pod), request.commitMessage(), request.tag()));
  }

  /** The definition fields of a request or update, those given only. */
  static ObjectNode ownFields(JsonNode request) {
    ObjectNode own = ((ObjectNode) request).objectNode();
    for (String field : FIELDS) {
      JsonNode value = request.get(field);
      if (value != null && !value.isNull()) {
        own.set(field, GivenValues.withoutNulls(value));
      }
    }
    return own;
  }

  void record(String tenant, String podId, TemplateOrigin origin) {
    origins.set(tenant, podId, origin);
  }

  Optional<TemplateOrigin> origin(Pod pod) {
    return origins.find(pod.tenant(), pod.podId());
  }

  Map<String, TemplateOrigin> origins(String tenant, List<String> podIds) {
    return origins.ofPods(tenant, podIds);
  }

  /** What {@code derived} adds to the pod: its template, tag and each field's provenance. */
  Map<String, Object> derivation(Pod pod, Optional<TemplateOrigin> origin) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("template", origin.map(TemplateOrigin::templateId).orElse(null));
    metadata.put("template_tag", origin.map(TemplateOrigin::tagTimestamp).orElse(null));
    metadata.put("sources", provenance(pod, origin));
    return metadata;
  }

  /**
   * Where each field of a pod's definition came from: {@code template} (its tag), {@code pod} (its
   * owner's request or a later update), {@code both} (variables or resources merged key by key), or
   * {@code default} (neither gave it: the site's default).
   */
  Map<String, String> provenance(Pod pod, Optional<TemplateOrigin> origin) {
    JsonNode tag =
        origin
            .flatMap(o -> tags.recorded(o.templateId(), o.tagTimestamp()))
            .<JsonNode>map(ResolvedTag::definition)
            .orElse(json.createObjectNode());
    ObjectNode own =
        origin.map(TemplateOrigin::podFields).orElseGet(() -> ownFields(podFields(pod)));
    return provenance(tag, own);
  }

  static Map<String, String> provenance(JsonNode tag, ObjectNode own) {
    Map<String, TemplateMerge.Source> merged = TemplateMerge.merge(tag, own).sources();
    Map<String, String> result = new LinkedHashMap<>();
    for (String field : FIELDS) {
      TemplateMerge.Source source = merged.get(field);
      result.put(
          field, source == null ? "default" : source.name().toLowerCase(java.util.Locale.ROOT));
    }
    return result;
  }

  /** A pod's definition as a request would give it (API names). */
  ObjectNode podFields(Pod pod) {
    PodDefinition d = pod.definition();
    ObjectNode node = json.createObjectNode();
    node.put("image", d.image());
    node.put("description", d.description());
    node.set("command", json.valueToTree(d.command()));
    node.set("arguments", json.valueToTree(d.arguments()));
    node.set("environment_variables", json.valueToTree(d.environmentVariables()));
    node.set("networking", json.valueToTree(d.networking()));
    node.set("resources", json.valueToTree(d.resources()));
    node.set("volume_mounts", json.valueToTree(d.volumeMounts()));
    node.put("time_to_stop_default", d.timeToStopDefault());
    if (d.timeToStopInstance() != null) {
      node.put("time_to_stop_instance", d.timeToStopInstance());
    }
    node.put("compute_queue", d.computeQueue());
    return node;
  }
}
