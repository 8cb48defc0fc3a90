package io.berth.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The templates a site offers: those shipped in the jar plus YAML files in the site's template
 * directory (which may override a shipped one by name). Read strictly at start-up: a template file
 * with an unknown key or a missing image stops Berth with a message naming the file.
 */
@Component
public class TemplateCatalog {
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{1,63}$");

  private final Map<String, Template> byName;

  public TemplateCatalog(TemplatesProperties properties, JsonMapper json) {
    Map<String, Template> templates = new TreeMap<>();
    for (Template t : shipped(json)) {
      templates.put(t.name(), t);
    }
    for (Template t : siteTemplates(properties.siteDirectory(), json)) {
      templates.put(t.name(), t);
    }
    this.byName = Map.copyOf(templates);
  }

  public Collection<Template> all() {
    return new TreeMap<>(byName).values();
  }

  /** Finds a template by its reference, {@code template/<name>}. */
  public Optional<Template> find(String reference) {
    if (reference == null || !reference.startsWith(Template.PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byName.get(reference.substring(Template.PREFIX.length())));
  }

  private static List<Template> shipped(JsonMapper json) {
    List<Template> result = new ArrayList<>();
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver().getResources("classpath*:templates/*.yaml");
      for (Resource resource : resources) {
        try (InputStream in = resource.getInputStream()) {
          result.add(parse(in, resource.getFilename(), json));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped templates", e);
    }
    return result;
  }

  private static List<Template> siteTemplates(String directory, JsonMapper json) {
    if (directory == null || directory.isBlank()) {
      return List.of();
    }
    Path dir = Path.of(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Template> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          result.add(parse(in, file.toString(), json));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the site templates in " + dir, e);
    }
    return result;
  }

  static Template parse(InputStream in, String source, JsonMapper json) {
    Object document;
    try {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (RuntimeException e) {
      throw new InvalidTemplateException(source, "is not valid YAML: " + e.getMessage());
    }
    if (!(document instanceof Map<?, ?>)) {
      throw new InvalidTemplateException(source, "must be a YAML mapping");
    }
    Template template;
    try {
      template = json.convertValue(document, Template.class);
    } catch (RuntimeException e) {
      throw new InvalidTemplateException(source, e.getMessage());
    }
    check(template, source);
    return template;
  }

  private static void check(Template t, String source) {
    if (t.name() == null || !NAME.matcher(t.name()).matches()) {
      throw new InvalidTemplateException(source, "name must match " + NAME.pattern());
    }
    if (t.image() == null || t.image().isBlank()) {
      throw new InvalidTemplateException(source, "image is required");
    }
    if (t.networking().isEmpty()) {
      throw new InvalidTemplateException(source, "networking needs at least a default entry");
    }
    for (Networking n : t.networking().values()) {
      if (n.protocol() == null
          || !Networking.PROTOCOLS.contains(n.protocol())
          || n.port() == null) {
        throw new InvalidTemplateException(
            source,
            "each networking entry needs a protocol " + Networking.PROTOCOLS + " and a port");
      }
    }
    if (!List.of("tcp", "http").contains(t.readiness().type())) {
      throw new InvalidTemplateException(source, "readiness.type must be tcp or http");
    }
  }

  /** A template file that cannot be used; names the file and the problem. */
  public static class InvalidTemplateException extends RuntimeException {
    InvalidTemplateException(String source, String problem) {
      super("Template " + source + " " + problem);
    }
  }
}
