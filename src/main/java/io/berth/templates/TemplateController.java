package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.Collection;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The template catalog, under {@code /v3/pods/templates}. */
@RestController
class TemplateController {
  private final TemplateCatalog catalog;

  TemplateController(TemplateCatalog catalog) {
    this.catalog = catalog;
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
}
