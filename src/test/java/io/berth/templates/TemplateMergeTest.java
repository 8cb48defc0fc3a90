package io.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.templates.TemplateMerge.Source;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A pod request laid over a tag: the request's fields win, variables and resources key by key. */
class TemplateMergeTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  @Test
  void requestFieldsWinAndProvenanceIsRecorded() {
    JsonNode tag =
        json(
            "{\"image\":\"a:1\",\"description\":\"tag\",\"command\":[\"run\"],"
                + "\"environment_variables\":{\"A\":\"1\",\"B\":\"2\"},"
                + "\"resources\":{\"cpu_limit\":1000,\"mem_limit\":512}}");
    JsonNode request =
        json(
            "{\"description\":\"mine\",\"command\":null,\"environment_variables\":{\"B\":\"3\"},"
                + "\"resources\":{\"mem_limit\":1024},\"networking\":{\"default\":{\"port\":80}}}");
    TemplateMerge.Merged merged = TemplateMerge.merge(tag, request);
    assertThat(merged.definition().path("image").asString()).isEqualTo("a:1");
    assertThat(merged.definition().path("description").asString()).isEqualTo("mine");
    assertThat(merged.definition().path("command").get(0).asString()).isEqualTo("run");
    assertThat(merged.definition().path("environment_variables").toString())
        .isEqualTo("{\"A\":\"1\",\"B\":\"3\"}");
    assertThat(merged.definition().path("resources").path("cpu_limit").asInt()).isEqualTo(1000);
    assertThat(merged.definition().path("resources").path("mem_limit").asInt()).isEqualTo(1024);
    assertThat(merged.sources())
        .containsEntry("image", Source.TEMPLATE)
        .containsEntry("description", Source.POD)
        .containsEntry("command", Source.TEMPLATE)
        .containsEntry("environment_variables", Source.BOTH)
        .containsEntry("resources", Source.BOTH)
        .containsEntry("networking", Source.POD);
    // the tag itself is left as it was
    assertThat(tag.path("environment_variables").path("B").asString()).isEqualTo("2");
  }

  @Test
  void networkingIsReplacedWhole() {
    JsonNode tag = json("{\"networking\":{\"default\":{\"port\":80},\"admin\":{\"port\":81}}}");
    JsonNode request = json("{\"networking\":{\"default\":{\"port\":90}}}");
    assertThat(TemplateMerge.merge(tag, request).definition().path("networking").size())
        .isEqualTo(1);
  }
}
