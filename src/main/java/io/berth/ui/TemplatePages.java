package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.templates.StoredTemplate;
import io.berth.templates.TemplateService;
import io.berth.templates.TemplateTag;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The template gallery: every template the caller may see, newest tag first with its commit message
 * and definition, and a way to create a pod from it. {@link TemplateService}'s reads, as the
 * signed-in caller.
 */
@Controller
class TemplatePages {
  private final TemplateService templates;
  private final JsonMapper json;

  TemplatePages(TemplateService templates, JsonMapper json) {
    this.templates = templates;
    this.json = json;
  }

  /** A template as the gallery shows it. */
  record Card(StoredTemplate template, List<Tag> tags) {}

  /** A tag with its definition as readable JSON. */
  record Tag(TemplateTag tag, String definition) {}

  @GetMapping("/ui/templates")
  String gallery(Caller caller, Model model) {
    List<Card> cards =
        templates.allWithTags(caller, true).stream()
            .filter(t -> !t.template().archived())
            .sorted(Comparator.comparing(t -> t.template().templateId()))
            .map(t ->
                new Card(
                    t.template(),
                    t.tags().reversed().stream().map(g -> new Tag(g, pretty(g))).toList()))
            .toList();
    model.addAttribute("caller", caller);
    model.addAttribute("section", "templates");
    model.addAttribute("cards", cards);
    return "templates";
  }

  private String pretty(TemplateTag tag) {
    return tag.podDefinition() == null
        ? ""
        : json.writerWithDefaultPrettyPrinter().writeValueAsString(tag.podDefinition());
  }
}
