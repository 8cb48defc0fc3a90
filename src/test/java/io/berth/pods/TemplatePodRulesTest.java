package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A template tag's refusals name the field below pod_definition (the rules themselves:
 * TemplateApiIT).
 */
class TemplatePodRulesTest {
  @Test
  void refusalsNameTheFieldBelowPodDefinition() {
    assertThat(TemplatePodRules.underDefinition("Field networking.default.port must be ..."))
        .isEqualTo("Field pod_definition.networking.default.port must be ...");
    assertThat(TemplatePodRules.underDefinition("Fields a and b clash."))
        .isEqualTo("Fields pod_definition.a and b clash.");
  }
}
