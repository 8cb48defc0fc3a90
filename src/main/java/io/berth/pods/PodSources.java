package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.templates.ImageAllowlist;
import io.berth.templates.ImageReference;
import io.berth.templates.Template;
import io.berth.templates.TemplateCatalog;
import io.berth.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves what a pod is asked to run. Tapis's {@code image} (a custom image, on the allowlist) and
 * {@code template} (a catalog template by name) are the fields; Berth's older {@code pod_template}
 * ({@code template/<name>} or an image reference) stays accepted, so only one of them may be given.
 */
@Component
public class PodSources {
  private final TemplateCatalog templates;
  private final ImageAllowlist allowlist;

  public PodSources(TemplateCatalog templates, ImageAllowlist allowlist) {
    this.templates = templates;
    this.allowlist = allowlist;
  }

  /** What the three fields ask for; empty when none is given (an update that keeps the source). */
  public Optional<PodSource> given(
      Caller caller, String image, String template, String podTemplate) {
    List<String> named = new ArrayList<>();
    if (present(image)) {
      named.add("image");
    }
    if (present(template)) {
      named.add("template");
    }
    if (present(podTemplate)) {
      named.add("pod_template");
    }
    if (named.size() > 1) {
      throw ApiException.badRequest(
          "Fields "
              + String.join(" and ", named)
              + " both say what the pod runs: give one of image, template or pod_template.");
    }
    if (present(image)) {
      return Optional.of(image(caller, "image", image));
    }
    if (present(template)) {
      String name =
          template.startsWith(Template.PREFIX)
              ? template.substring(Template.PREFIX.length())
              : template;
      return Optional.of(template("template", name));
    }
    if (present(podTemplate)) {
      return Optional.of(
          podTemplate.startsWith(Template.PREFIX)
              ? template("pod_template", podTemplate.substring(Template.PREFIX.length()))
              : image(caller, "pod_template", podTemplate));
    }
    return Optional.empty();
  }

  /** What a new pod runs: one of the three fields is required. */
  public PodSource required(Caller caller, String image, String template, String podTemplate) {
    return given(caller, image, template, podTemplate)
        .orElseThrow(() ->
            ApiException.badRequest(
                "Field image or template is required: an image reference on the allowlist (GET"
                    + " /v3/pods/images), or a template name from GET /v3/pods/templates"
                    + " (pod_template, template/<name> or an image, is accepted too)."));
  }

  /** The source of a stored definition, its template looked up again (null when it is gone). */
  public PodSource of(PodDefinition definition) {
    Template template =
        definition.template() == null
            ? null
            : templates.find(definition.podTemplate()).orElse(null);
    return new PodSource(definition.image(), template);
  }

  private PodSource template(String field, String name) {
    Template template =
        templates
            .find(Template.PREFIX + name)
            .orElseThrow(() ->
                ApiException.badRequest(
                    "Field "
                        + field
                        + ": "
                        + ("template".equals(field) ? name : Template.PREFIX + name)
                        + " is not in the template catalog (GET /v3/pods/templates)."));
    return new PodSource(template.image(), template);
  }

  PodSource image(Caller caller, String field, String image) {
    if (!ImageReference.isValid(image)) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ("image".equals(field) ? " must be" : " must be template/<name> or")
              + " an image reference like docker.io/library/nginx:1.27.");
    }
    if (!allowlist.allows(caller.tenant(), image)) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ": image "
              + image
              + " is not on the image allowlist (GET /v3/pods/images).");
    }
    return new PodSource(image, null);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
