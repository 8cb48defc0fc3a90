package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.Collection;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The template catalog and the image allowlist, under {@code /v3/pods}. */
@RestController
class TemplateController {
  private final TemplateCatalog catalog;
  private final ImageAllowlist allowlist;

  TemplateController(TemplateCatalog catalog, ImageAllowlist allowlist) {
    this.catalog = catalog;
    this.allowlist = allowlist;
  }

  @GetMapping("/v3/pods/templates")
  Envelope<Collection<Template>> templates(Caller caller) {
    return Envelope.ok("Templates retrieved successfully.", catalog.all());
  }

  @GetMapping("/v3/pods/templates/{name}")
  Envelope<Template> template(Caller caller, @PathVariable String name) {
    return catalog
        .find(Template.PREFIX + name)
        .map(t -> Envelope.ok("Template retrieved successfully.", t))
        .orElseThrow(() -> ApiException.notFound("Template template/" + name + " does not exist."));
  }

  @GetMapping("/v3/pods/images")
  Envelope<List<ImageEntry>> images(Caller caller) {
    return Envelope.ok("Images retrieved successfully.", allowlist.list(caller.tenant()));
  }

  @PostMapping("/v3/pods/images")
  Envelope<ImageEntry> addImage(Caller caller, @RequestBody NewImageEntry entry) {
    requireTenantAdmin(caller);
    return Envelope.ok(
        "Image pattern added to the allowlist.",
        allowlist.add(caller.tenant(), caller.user(), entry));
  }

  /** The pattern may hold slashes, so it is the rest of the path. */
  @DeleteMapping("/v3/pods/images/{*image}")
  Envelope<Object> removeImage(Caller caller, @PathVariable String image) {
    requireTenantAdmin(caller);
    String pattern = image.startsWith("/") ? image.substring(1) : image;
    allowlist.remove(caller.tenant(), pattern);
    return Envelope.ok("Image pattern " + pattern + " removed from the allowlist.", null);
  }

  private static void requireTenantAdmin(Caller caller) {
    if (!caller.isTenantAdmin()) {
      throw ApiException.forbidden("Only tenant admins may change the image allowlist.");
    }
  }
}
