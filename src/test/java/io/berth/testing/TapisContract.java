package io.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Tapis API as tapipy 1.9.0 speaks it, checked on every response the tests receive: each one
 * whose path and method the specs in {@code src/test/resources/tapis-spec} describe must have a
 * status the spec lists for it (an undocumented error status is only counted: Tapis's specs
 * document 422 alone, which Tapis sends as 400, so a 400 is held to the 422 schema) and a JSON body
 * that validates against the spec's schema for that path, method and status, with networknt's JSON
 * Schema validator. {@link ApiClient} feeds it, so every integration test is a contract test; at
 * the end of the run it writes which operations were exercised, which ones Berth serves that no
 * test exercised, and which it does not serve, to {@code target/tapis-contract-<db>.txt}.
 */
public final class TapisContract {
  /**
   * Spec operations Berth does not serve yet, with the reason (the README's list). A response to
   * one of them (a 404 or 405, say) is not checked against the spec.
   */
  static final Map<String, String> NOT_SERVED = notServed();

  /**
   * Spec operations Berth serves in shapes the spec has since changed, with the reason: their
   * violations are reported, not failed, until the work named here lands (the README's list).
   */
  static final Map<String, String> KNOWN_GAPS = knownGaps();

  /** Berth's own calls under the spec's paths, which no Tapis spec describes. */
  static final List<String> BERTH_ONLY = List.of("/v3/pods/quotas");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final TapisContract INSTANCE = load(); // last: load() uses the fields above

  private final List<Route> routes;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
  private final Set<String> exercised = ConcurrentHashMap.newKeySet();
  private final Set<String> undocumentedErrors = ConcurrentHashMap.newKeySet();
  private final Map<String, String> gapsSeen = new ConcurrentHashMap<>();

  private TapisContract(List<Route> routes) {
    this.routes = routes;
  }

  public static TapisContract get() {
    return INSTANCE;
  }

  /** One described operation: {@code key} is "METHOD /spec/path". */
  record Operation(String key, Spec spec, String template, String method, JsonNode node) {}

  record Spec(String name, JsonNode document, JsonSchemaFactory factory, String prefix) {}

  private record Route(Pattern pattern, String template, Spec spec, int parameters, int literal) {}

  /**
   * Checks one response; throws an {@link AssertionError} naming the operation, the status and each
   * violation when the response breaks the contract.
   */
  public void check(String method, String rawPath, int status, String body) {
    Operation operation = operation(method, rawPath);
    if (operation == null || NOT_SERVED.containsKey(operation.key())) {
      return;
    }
    exercised.add(operation.key());
    JsonNode responses = operation.node().path("responses");
    // Tapis answers the spec's 422 (FastAPI's validation error) with 400 and the same detail:
    // a 400 is held to the operation's 422 schema.
    String statusKey = status == 400 && responses.has("422") ? "422" : String.valueOf(status);
    if (!responses.has(statusKey)) {
      if (status >= 400) {
        undocumentedErrors.add(operation.key() + " " + status);
        return;
      }
      throw new AssertionError(
          "Tapis contract: "
              + operation.key()
              + " answered "
              + status
              + ", which the spec does not list (it lists "
              + names(responses)
              + ")");
    }
    JsonNode schemaNode =
        responses.path(statusKey).path("content").path("application/json").path("schema");
    if (schemaNode.isMissingNode() || schemaNode.isEmpty()) {
      return;
    }
    JsonNode instance;
    try {
      instance = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      instance = null;
    }
    if (instance == null || instance.isMissingNode()) {
      throw new AssertionError(
          "Tapis contract: " + operation.key() + " " + status + " must answer JSON: " + body);
    }
    List<String> violations = violations(operation, statusKey, schemaNode, instance);
    if (!violations.isEmpty() && KNOWN_GAPS.containsKey(operation.key())) {
      gapsSeen.putIfAbsent(operation.key() + " " + status, String.join("; ", violations));
    } else if (!violations.isEmpty()) {
      throw new AssertionError(
          "Tapis contract: "
              + operation.key()
              + " "
              + status
              + " does not match the spec's schema:\n  "
              + String.join("\n  ", violations)
              + "\nbody: "
              + abbreviate(body));
    }
  }

  List<String> violations(Operation operation, String status, JsonNode schemaNode, JsonNode body) {
    JsonSchema schema =
        schemas.computeIfAbsent(
            operation.key() + " " + status, k -> compile(operation.spec(), schemaNode));
    return schema.validate(body).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .distinct()
        .toList();
  }

  /** The described operation a request is for, or null when no spec describes it. */
  Operation operation(String method, String rawPath) {
    String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
    if (BERTH_ONLY.stream().anyMatch(path::startsWith)) {
      return null; // Berth's own calls: /v3/pods/quotas/logs is a user's quota, not a pod's logs
    }
    for (Route route : routes) {
      if (route.pattern().matcher(path).matches()) {
        JsonNode node = route.spec().document().path("paths").path(route.template());
        JsonNode op = node.path(method.toLowerCase(Locale.ROOT));
        if (op.isObject()) {
          return new Operation(
              method.toUpperCase(Locale.ROOT) + " " + route.template(),
              route.spec(),
              route.template(),
              method,
              op);
        }
      }
    }
    return null;
  }

  /**
   * The schema with the spec's components beside it, so that its {@code #/components/...}
   * references resolve as they do in the spec.
   */
  private static JsonSchema compile(Spec spec, JsonNode schemaNode) {
    ObjectNode root = schemaNode.deepCopy();
    root.set("components", spec.document().path("components"));
    return spec.factory().getSchema(root, SchemaValidatorsConfig.builder().build());
  }

  /** Every described operation, for the report. */
  Set<String> operations() {
    Set<String> all = new TreeSet<>();
    for (Route route : routes) {
      route
          .spec()
          .document()
          .path("paths")
          .path(route.template())
          .fields()
          .forEachRemaining(e -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(e.getKey())) {
              all.add(e.getKey().toUpperCase(Locale.ROOT) + " " + route.template());
            }
          });
    }
    return all;
  }

  String report() {
    Set<String> unexercised = new TreeSet<>(operations());
    unexercised.removeAll(exercised);
    unexercised.removeAll(NOT_SERVED.keySet());
    StringBuilder out = new StringBuilder("Tapis contract (tapipy 1.9.0 specs)\n");
    out.append("\nexercised (").append(exercised.size()).append("; known gaps below):\n");
    new TreeSet<>(exercised).forEach(k -> out.append("  ").append(k).append('\n'));
    out.append("\nserved by Berth, exercised by no test (")
        .append(unexercised.size())
        .append("):\n");
    unexercised.forEach(k -> out.append("  ").append(k).append('\n'));
    out.append("\nnot served by Berth (").append(NOT_SERVED.size()).append("):\n");
    NOT_SERVED.forEach(
        (k, why) -> out.append("  ").append(k).append(": ").append(why).append('\n'));
    out.append("\nknown gaps seen (reported, not failed):\n");
    new java.util.TreeMap<>(gapsSeen)
        .forEach((k, v) ->
            out.append("  ")
                .append(k)
                .append(" (")
                .append(KNOWN_GAPS.get(k.substring(0, k.lastIndexOf(' '))))
                .append("): ")
                .append(v)
                .append('\n'));
    out.append("\nerror statuses the spec does not document (Tapis documents only 422):\n");
    new TreeSet<>(undocumentedErrors).forEach(k -> out.append("  ").append(k).append('\n'));
    return out.toString();
  }

  private void writeReport() {
    String db = System.getProperty("berth.test.db", "h2");
    try {
      Path target = Path.of("target");
      if (Files.isDirectory(target) && !exercised.isEmpty()) {
        Files.writeString(target.resolve("tapis-contract-" + db + ".txt"), report());
      }
    } catch (IOException e) {
      // a report that cannot be written does not change what the tests found
    }
  }

  private static TapisContract load() {
    List<Route> routes = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    for (String name : List.of("pods", "tenants", "authenticator")) {
      JsonNode document;
      try (InputStream in =
          TapisContract.class.getResourceAsStream("/tapis-spec/openapi_v3-" + name + ".yml")) {
        document = yaml.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      boolean v31 = document.path("openapi").asText().startsWith("3.1");
      JsonMetaSchema meta = v31 ? OpenApi31.getInstance() : OpenApi30.getInstance();
      JsonSchemaFactory factory =
          JsonSchemaFactory.getInstance(
              v31 ? SpecVersion.VersionFlag.V202012 : SpecVersion.VersionFlag.V4,
              b -> b.metaSchema(meta).defaultMetaSchemaIri(meta.getIri()));
      // the Pods spec's paths are relative to /v3 (tapipy prefixes it); the others are whole
      Spec spec = new Spec(name, document, factory, name.equals("pods") ? "/v3" : "");
      for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
        String template = it.next();
        routes.add(route(spec, template, spec.prefix() + template));
        if (template.equals("/healthcheck") || template.equals("/traefik-config")) {
          routes.add(route(spec, template, "/v3/pods" + template)); // where Berth serves them
        }
      }
    }
    // literal segments win over parameters: /pods/volumes before /pods/{pod_id}
    routes.sort(
        Comparator.comparingInt(Route::parameters)
            .thenComparing(Comparator.comparingInt(Route::literal).reversed()));
    TapisContract contract = new TapisContract(List.copyOf(routes));
    Runtime.getRuntime().addShutdownHook(new Thread(contract::writeReport));
    return contract;
  }

  /** {path} and {image_id} may hold slashes (files, image patterns); other parameters may not. */
  private static Route route(Spec spec, String template, String served) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(served);
    int last = 0;
    int parameters = 0;
    while (m.find()) {
      regex.append(Pattern.quote(served.substring(last, m.start())));
      boolean rest = m.group(1).equals("path") || m.group(1).equals("image_id");
      regex.append(rest ? ".+" : "[^/]+");
      last = m.end();
      parameters++;
    }
    regex.append(Pattern.quote(served.substring(last)));
    int literal = served.replaceAll("\\{[^}]+}", "").length();
    return new Route(Pattern.compile(regex.toString()), template, spec, parameters, literal);
  }

  private static String names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String abbreviate(String body) {
    return body == null || body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
  }

  private static Map<String, String> knownGaps() {
    Map<String, String> m = new LinkedHashMap<>();
    String pod =
        "a pod also shows Berth's own pod_template, url and action_logs, and null for times and"
            + " time_to_stop_instance it does not have (Berth's shape, kept)";
    for (String op :
        List.of(
            "GET /pods",
            "POST /pods",
            "GET /pods/{pod_id}",
            "PUT /pods/{pod_id}",
            "GET /pods/{pod_id}/start",
            "GET /pods/{pod_id}/stop",
            "GET /pods/{pod_id}/restart",
            "GET /pods/{pod_id}/derived")) {
      m.put(op, pod);
    }
    m.put(
        "GET /pods/{pod_id}/credentials",
        "template pods' credentials add admin_username and admin_password (later pod work)");
    return m;
  }

  private static Map<String, String> notServed() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("POST /pods/{pod_id}/exec", "needs exec through the runtime port (later work)");
    m.put("POST /pods/{pod_id}/upload_to_pod", "needs copy through the runtime port (later work)");
    m.put("GET /error-handler/{status}", "Berth's proxy writes its own error pages");
    m.put(
        "GET /pods/{pod_id_net}/auth",
        "Berth's path is Traefik's forwardAuth check, not Tapis's OAuth login page");
    m.put("GET /pods/{pod_id_net}/auth/callback", "the proxy handles the login callback itself");
    String tenantsAdmin = "Berth's sites and tenants come from configuration, read-only";
    for (String op :
        List.of(
            "POST /v3/sites",
            "DELETE /v3/sites/{site_id}",
            "POST /v3/tenants",
            "PUT /v3/tenants/{tenant_id}",
            "GET /v3/tenants/{tenant_id}/history",
            "GET /v3/tenants/ldaps",
            "POST /v3/tenants/ldaps",
            "GET /v3/tenants/ldaps/{ldap_id}",
            "DELETE /v3/tenants/ldaps/{ldap_id}",
            "GET /v3/tenants/owners",
            "POST /v3/tenants/owners",
            "GET /v3/tenants/owners/{email}",
            "DELETE /v3/tenants/owners/{email}")) {
      m.put(op, tenantsAdmin);
    }
    String oauth = "Berth's embedded issuer serves the password grant only";
    for (String op :
        List.of(
            "GET /v3/oauth2/hello",
            "GET /v3/oauth2/ready",
            "GET /v3/oauth2/.well-known/oauth-authorization-server",
            "GET /v3/oauth2/admin/config",
            "PUT /v3/oauth2/admin/config",
            "GET /v3/oauth2/clients",
            "POST /v3/oauth2/clients",
            "GET /v3/oauth2/clients/{client_id}",
            "PUT /v3/oauth2/clients/{client_id}",
            "DELETE /v3/oauth2/clients/{client_id}",
            "POST /v3/oauth2/v2/token",
            "POST /v3/oauth2/tokens/revoke",
            "GET /v3/oauth2/userinfo",
            "GET /v3/oauth2/profiles",
            "GET /v3/oauth2/profiles/{username}",
            "POST /v3/oauth2/device/code")) {
      m.put(op, oauth);
    }
    return m.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
