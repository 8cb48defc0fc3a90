package io.berth.processes.packages;

import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessDescription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a deploy or replace request by its media type: an OGC application package
 * ({@code application/ogcapppkg+json}) with a docker execution unit or a CWL one (inline or by
 * reference), or a CWL document itself ({@code application/cwl+yaml}, {@code +json}). Anything else
 * is 415 with OGC's exception type.
 */
public final class ApplicationPackages {
  public static final List<String> MEDIA_TYPES =
      List.of(
          "application/ogcapppkg+json",
          "application/cwl+yaml",
          "application/cwl+json",
          "application/cwl");
  private static final long MAX_PACKAGE_BYTES = 1024 * 1024;

  private final JsonMapper json;
  private final UrlFetcher fetcher;

  public ApplicationPackages(JsonMapper json, UrlFetcher fetcher) {
    this.json = json;
    this.fetcher = fetcher;
  }

  /** Refuses a media type no package comes in, before anything else is looked at. */
  public static String mediaType(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json")) {
      return "application/ogcapppkg+json";
    }
    if (!MEDIA_TYPES.contains(type)) {
      throw new OgcException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          OgcException.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type "
              + (type.isEmpty() ? "(none)" : type)
              + " is not an application package; send one of "
              + String.join(", ", MEDIA_TYPES)
              + ".");
    }
    return type;
  }

  public DeployedPackage read(String mediaType, byte[] body) {
    if (body.length == 0) {
      throw OgcException.invalid("The request body is empty: send an application package.");
    }
    DeployedPackage pkg =
        mediaType.equals("application/ogcapppkg+json")
            ? ogcPackage(parseJson(body))
            : CwlTool.parse(parseCwl(new String(body, StandardCharsets.UTF_8)));
    if (pkg.description().id() == null) {
      throw OgcException.invalid(
          "id is required: the CWL document's id or the package's processDescription.id.");
    }
    return pkg;
  }

  private DeployedPackage ogcPackage(JsonNode pkg) {
    if (!pkg.isObject()) {
      throw OgcException.invalid("The application package must be a JSON object.");
    }
    JsonNode unit = pkg.get("executionUnit");
    if (unit == null || unit.isNull()) {
      throw OgcException.invalid("executionUnit is required.");
    }
    if (unit.isArray()) {
      if (unit.size() != 1) {
        throw OgcException.unprocessable("executionUnit: exactly one execution unit is supported.");
      }
      unit = unit.get(0);
    }
    if (!unit.isObject()) {
      throw OgcException.invalid("executionUnit must be an object.");
    }
    JsonNode descriptionNode = pkg.get("processDescription");
    if (unit.has("type") && !unit.has("href") && !unit.has("value")) {
      String type = unit.get("type").asString();
      if (type.equals("docker") || type.equals("oci")) {
        if (descriptionNode == null) {
          throw OgcException.invalid(
              "processDescription is required with a docker execution unit.");
        }
        ProcessDescription description =
            ProcessDescriptions.parse(descriptionNode, "processDescription.");
        return new DeployedPackage(
            description,
            DockerUnit.parse(unit, description, "executionUnit."),
            DeployedPackage.DOCKER);
      }
    }
    DeployedPackage cwl = CwlTool.parse(cwlOf(unit));
    return descriptionNode == null ? cwl : withDescription(cwl, descriptionNode);
  }

  /** A CWL unit by reference ({@code href}) or by value ({@code value}, a document or text). */
  private JsonNode cwlOf(JsonNode unit) {
    String mediaType = Fields.text(unit, unit.has("href") ? "type" : "mediaType", "executionUnit.");
    if (mediaType != null && !mediaType.toLowerCase(Locale.ROOT).startsWith("application/cwl")) {
      throw new OgcException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          OgcException.UNSUPPORTED_MEDIA_TYPE,
          "executionUnit: media type " + mediaType + " is not supported; application/cwl is.");
    }
    if (unit.has("href")) {
      String href = Fields.requiredText(unit, "href", "executionUnit.");
      byte[] body = fetcher.fetch(href, MAX_PACKAGE_BYTES, "executionUnit.href");
      return parseCwl(new String(body, StandardCharsets.UTF_8));
    }
    JsonNode value = unit.get("value");
    if (value == null || value.isNull()) {
      throw OgcException.invalid(
          "executionUnit must be a docker unit ({type, image}), a link ({href}) or a value.");
    }
    return value.isString() ? parseCwl(value.asString()) : value;
  }

  /** The package's own description names and documents the process; the CWL says how it runs. */
  private static DeployedPackage withDescription(DeployedPackage cwl, JsonNode node) {
    JsonNode process = node.has("process") ? node.get("process") : node;
    ProcessDescription from = cwl.description();
    String id = Fields.text(process, "id", "processDescription.");
    ProcessDescription merged =
        new ProcessDescription(
            id == null ? from.id() : Fields.id(id, "processDescription.id"),
            orElse(Fields.text(process, "version", "processDescription."), from.version()),
            orElse(Fields.text(process, "title", "processDescription."), from.title()),
            orElse(Fields.text(process, "description", "processDescription."), from.description()),
            orElse(Fields.texts(process, "keywords", "processDescription."), from.keywords()),
            from.jobControlOptions(),
            from.outputTransmission(),
            from.inputs(),
            from.outputs());
    return new DeployedPackage(merged, cwl.unit(), cwl.type());
  }

  private JsonNode parseJson(byte[] body) {
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw OgcException.invalid(
          "The application package is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private JsonNode parseCwl(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit((int) MAX_PACKAGE_BYTES);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw OgcException.invalid("The CWL document is not valid YAML or JSON: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?>)) {
      throw OgcException.invalid("The CWL document must be a mapping (a CommandLineTool).");
    }
    return json.valueToTree(doc);
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
