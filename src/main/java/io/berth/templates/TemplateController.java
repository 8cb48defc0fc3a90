package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.PermissionsView;
import io.berth.web.Envelope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Templates, their tags and permissions, under {@code /v3/pods/templates}, as Tapis has them. */
@RestController
@RequestMapping("/v3/pods/templates")
class TemplateController {
  private final TemplateService templates;
  private final JsonMapper json;

  TemplateController(TemplateService templates, JsonMapper json) {
    this.templates = templates;
    this.json = json;
  }

  @GetMapping
  Envelope<List<TemplateView>> list(
      Caller caller,
      @RequestParam(name = "metatag", required = false) List<String> metatags,
      @RequestParam(required = false) String search) {
    return Envelope.ok(
        "Templates retrieved successfully.",
        templates.list(caller, metatags, search).stream().map(StoredTemplate::view).toList());
  }

  @PostMapping
  Envelope<TemplateView> create(Caller caller, @RequestBody NewTemplate request) {
    return Envelope.ok("Template added successfully.", templates.create(caller, request).view());
  }

  @GetMapping("/tags")
  Envelope<Map<String, ObjectNode>> allWithTags(
      Caller caller, @RequestParam(defaultValue = "true") boolean full) {
    Map<String, ObjectNode> result = new LinkedHashMap<>();
    for (TemplateService.TemplateWithTags t : templates.allWithTags(caller, full)) {
      ObjectNode entry = json.valueToTree(t.template().view());
      entry.set("tags", json.valueToTree(t.tags()));
      result.put(t.template().templateId(), entry);
    }
    return Envelope.ok("Templates and tags retrieved successfully.", result);
  }

  @GetMapping("/{templateId}")
  Envelope<TemplateView> get(Caller caller, @PathVariable String templateId) {
    return Envelope.ok(
        "Template retrieved successfully.",
        templates.require(caller, templateId, PermissionLevel.READ).view());
  }

  @PutMapping("/{templateId}")
  Envelope<TemplateView> update(
      Caller caller, @PathVariable String templateId, @RequestBody TemplateUpdate update) {
    return Envelope.ok(
        "Template updated successfully.", templates.update(caller, templateId, update).view());
  }

  @DeleteMapping("/{templateId}")
  Envelope<String> delete(Caller caller, @PathVariable String templateId) {
    templates.delete(caller, templateId);
    return Envelope.ok("Template and associated Template Tags successfully deleted.", "");
  }

  @GetMapping("/{templateId}/tags")
  Envelope<List<TemplateTag>> tags(
      Caller caller,
      @PathVariable String templateId,
      @RequestParam(defaultValue = "true") boolean full) {
    return Envelope.ok(
        "Template tags retrieved successfully.", templates.tags(caller, templateId, full));
  }

  @PostMapping("/{templateId}/tags")
  Envelope<TemplateTag> addTag(
      Caller caller, @PathVariable String templateId, @RequestBody NewTemplateTag request) {
    return Envelope.ok(
        "Template tag added successfully.", templates.addTag(caller, templateId, request));
  }

  @GetMapping("/{templateId}/tags/{tagId}")
  Envelope<List<TemplateTag>> tag(
      Caller caller, @PathVariable String templateId, @PathVariable String tagId) {
    return Envelope.ok(
        "Template tags retrieved and filtered successfully.",
        templates.tag(caller, templateId, tagId));
  }

  @GetMapping("/{templateId}/permissions")
  Envelope<PermissionsView> permissions(Caller caller, @PathVariable String templateId) {
    return Envelope.ok(
        "Template permissions retrieved successfully.",
        new PermissionsView(templates.permissions(caller, templateId)));
  }

  @PostMapping("/{templateId}/permissions")
  Envelope<PermissionsView> grant(
      Caller caller, @PathVariable String templateId, @RequestBody PermissionGrant grant) {
    return Envelope.ok(
        "Template permissions updated successfully.",
        new PermissionsView(templates.grant(caller, templateId, grant)));
  }

  @DeleteMapping("/{templateId}/permissions/{user}")
  Envelope<PermissionsView> revoke(
      Caller caller, @PathVariable String templateId, @PathVariable String user) {
    return Envelope.ok(
        "Template permission deleted successfully.",
        new PermissionsView(templates.revoke(caller, templateId, user)));
  }
}
