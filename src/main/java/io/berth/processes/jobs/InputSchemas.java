package io.berth.processes.jobs;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Checks input values against the schemas processes describe. Those are OpenAPI 3.0 schemas, the
 * JSON Schema draft 4 dialect with {@code nullable}. A schema with a {@code $ref} is not followed
 * (Berth fetches nothing for a schema) and not checked.
 */
final class InputSchemas {
  private static final int CACHE = 1024;
  private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON2 =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** The first problem with {@code value}, or null when it fits. */
  String problem(JsonNode schema, JsonNode value) {
    if (schema == null || schema.toString().contains("\"$ref\"")) {
      return null;
    }
    JsonSchema checker = compiled.get(schema.toString());
    if (checker == null) {
      try {
        checker = factory.getSchema(JACKSON2.readTree(schema.toString()), config);
      } catch (Exception e) {
        return null; // a schema the validator cannot read is the describer's: not the caller's
      }
      if (compiled.size() >= CACHE) {
        compiled.clear();
      }
      compiled.put(schema.toString(), checker);
    }
    Set<ValidationMessage> messages;
    try {
      messages = checker.validate(JACKSON2.readTree(value.toString()));
    } catch (Exception e) {
      return e.getMessage();
    }
    return messages.isEmpty() ? null : messages.iterator().next().getMessage();
  }
}
