package io.berth.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /openapi.json} says about the API, truthfully: property names in snake_case as the
 * API writes them (the description is built with Jackson 2, which does not read the Jackson 3
 * naming annotations the API's records carry; names a record spells out, like {@code lastModified},
 * stay as spelled), Berth's version, a summary on every operation, and every error an operation can
 * answer, in the error envelope.
 */
@Configuration
class ApiDocs {
  static final String ERROR = "ErrorEnvelope";

  /** Errors every operation may answer; the envelope names the field and the rule. */
  static final Map<String, String> ERRORS = errors();

  @Bean
  ModelResolver snakeCaseModels() {
    return new ModelResolver(
        Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }

  @Bean
  OpenAPI berthApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Berth")
                .version(BerthVersion.current())
                .description(
                    "Pods as a service, speaking the Tapis Pods API (tapipy 1.9). Every answer is"
                        + " the Tapis envelope: status, message, result, version, metadata."))
        .components(new Components().addSchemas(ERROR, errorEnvelope()));
  }

  /** A summary from the handler's name where none is given, and the error answers. */
  @Bean
  OperationCustomizer summariesAndErrors() {
    return (operation, handler) -> {
      if (operation.getSummary() == null || operation.getSummary().isBlank()) {
        operation.setSummary(summary(handler.getBeanType().getSimpleName(), handler.getMethod()));
      }
      ApiResponses responses = operation.getResponses();
      ERRORS.forEach((status, description) -> {
        if (!responses.containsKey(status)) {
          responses.addApiResponse(
              status,
              new ApiResponse()
                  .description(description)
                  .content(
                      new Content()
                          .addMediaType(
                              org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                              new MediaType()
                                  .schema(new Schema<>().$ref("#/components/schemas/" + ERROR)))));
        }
      });
      return operation;
    };
  }

  /** {@code VolumeController.files} becomes "Volume: files". */
  static String summary(String controller, java.lang.reflect.Method method) {
    String resource = controller.replaceFirst("Controller$", "");
    String words = method.getName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return resource + ": " + words;
  }

  private static Schema<?> errorEnvelope() {
    Schema<?> location = new ArraySchema().items(new Schema<>().description("a name or an index"));
    Schema<?> fieldError =
        new ObjectSchema()
            .addProperty("loc", location)
            .addProperty("msg", new StringSchema())
            .addProperty("type", new StringSchema());
    return new ObjectSchema()
        .description(
            "An error, in the Tapis envelope; on 400, message is a list and detail the spec's"
                + " HTTPValidationError")
        .addProperty("status", new StringSchema()._enum(java.util.List.of("error")))
        .addProperty(
            "message",
            new Schema<>()
                .oneOf(
                    java.util.List.of(
                        new StringSchema(), new ArraySchema().items(new StringSchema())))
                .description("what is wrong; on 400 a list, each naming the field and the rule"))
        .addProperty("result", new ObjectSchema().nullable(true))
        .addProperty("version", new StringSchema())
        .addProperty("metadata", new ObjectSchema())
        .addProperty("detail", new ArraySchema().items(fieldError));
  }

  private static Map<String, String> errors() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "400",
        "A value is refused (malformed, or not allowed here: an image off the allowlist):"
            + " each message and detail entry names the field and the rule.");
    m.put("401", "No token, or one that is not valid for this site.");
    m.put("403", "The caller may see the resource but holds too low a permission level.");
    m.put("404", "No such resource, or none the caller may see.");
    m.put("409", "The request conflicts with the resource's state (a duplicate, a mount).");
    m.put("413", "The body is larger than allowed.");
    m.put("415", "The body is not JSON (a body without a Content-Type is read as JSON).");
    m.put("500", "Berth failed; the message says what to report.");
    m.put("503", "The container engine cannot be reached right now.");
    return m;
  }
}
