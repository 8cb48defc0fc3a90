package io.berth.processes.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job has no network unless its package asks: CWL's {@code NetworkAccess} (a requirement or a
 * hint), the docker execution unit's {@code config.networkAccess}.
 */
class NetworkAccessTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final ProcessDescription NOTHING =
      new ProcessDescription(
          "p", "1.0.0", null, null, List.of(), List.of(), List.of(), Map.of(), Map.of());

  static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static JsonNode cwl(String requirements) {
    return json(
        "{'cwlVersion': 'v1.2', 'class': 'CommandLineTool', 'baseCommand': ['true'],"
            + " 'inputs': {}, 'outputs': {}, "
            + requirements
            + "}");
  }

  @Test
  void aCwlToolHasNetworkOnlyWhenItAsks() {
    String docker = "'DockerRequirement': {'dockerPull': 'example.org/tool:1'}";
    assertThat(CwlTool.parse(cwl("'requirements': {" + docker + "}")).unit().networked()).isFalse();
    assertThat(
            CwlTool.parse(
                    cwl(
                        "'requirements': {"
                            + docker
                            + ", 'NetworkAccess': {'networkAccess': true}}"))
                .unit()
                .networked())
        .isTrue();
    assertThat(
            CwlTool.parse(
                    cwl(
                        "'requirements': {"
                            + docker
                            + "}, 'hints': [{'class': 'NetworkAccess', 'networkAccess': true}]"))
                .unit()
                .networked())
        .as("as a hint too")
        .isTrue();
    assertThat(
            CwlTool.parse(
                    cwl(
                        "'requirements': {"
                            + docker
                            + ", 'NetworkAccess': {'networkAccess': false}}"))
                .unit()
                .networked())
        .isFalse();
    assertThatThrownBy(() ->
            CwlTool.parse(
                cwl(
                    "'requirements': {"
                        + docker
                        + ", 'NetworkAccess': {'networkAccess': '$(inputs.online)'}}")))
        .isInstanceOf(OgcException.class)
        .hasMessageContaining("requirements.NetworkAccess.networkAccess must be true or false");
  }

  @Test
  void aDockerUnitHasNetworkOnlyWhenItsConfigAsks() {
    String unit = "{'type': 'docker', 'image': 'example.org/tool:1'";
    assertThat(DockerUnit.parse(json(unit + "}"), NOTHING, "executionUnit.").networked()).isFalse();
    assertThat(
            DockerUnit.parse(
                    json(unit + ", 'config': {'networkAccess': true}}"), NOTHING, "executionUnit.")
                .networked())
        .isTrue();
    assertThatThrownBy(() ->
            DockerUnit.parse(
                json(unit + ", 'config': {'networkAccess': 'yes'}}"), NOTHING, "executionUnit."))
        .isInstanceOf(OgcException.class)
        .hasMessageContaining("executionUnit.config.networkAccess must be true or false");
  }
}
