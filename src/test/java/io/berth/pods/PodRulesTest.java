package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.templates.Resources;
import io.berth.web.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRulesTest {
  static final PodRules RULES =
      new PodRules(
          new PodsProperties(
              null,
              null,
              null,
              Map.of(
                  "large",
                  new PodsProperties.ComputeQueue(
                      new Resources(null, null, null, 8192, null),
                      new Resources(null, null, null, 16384, null)))),
          LifetimeProperties.defaults());

  @Test
  void computeQueuesAreTheSitesAndDefaultAlwaysExists() {
    assertThat(RULES.computeQueue(null)).isEqualTo("default");
    assertThat(RULES.computeQueue("large")).isEqualTo("large");
    assertThatThrownBy(() -> RULES.computeQueue("gpu"))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "Field compute_queue must name one of this site's compute queues: default, large.");
  }

  @Test
  void aQueuesProfileGivesDefaultsAndBounds() {
    assertThat(RULES.resources(null, "large").memLimit()).isEqualTo(8192);
    assertThat(RULES.resources(null, "large").cpuLimit()).isEqualTo(2000); // the site's
    assertThat(RULES.resources(new Resources(null, null, null, 16000, null), "large").memLimit())
        .isEqualTo(16000);
    assertThatThrownBy(() -> RULES.resources(new Resources(null, null, null, 16000, null)))
        .hasMessageContaining("resources.mem_limit")
        .hasMessageContaining("12288");
  }

  @Test
  void statusRequestedOnUpdateMayRestart() {
    assertThat(RULES.statusRequested("RESTART")).isEqualTo(StatusRequested.RESTART);
    assertThatThrownBy(() -> RULES.statusRequested("on"))
        .hasMessage("Field status_requested must be ON, OFF or RESTART.");
    assertThatThrownBy(() -> RULES.initialStatusRequested("RESTART"))
        .hasMessage("Field status_requested must be ON or OFF.");
  }

  @Test
  void argumentsFollowTheCommandsRules() {
    assertThat(RULES.arguments(List.of("a", "b"))).containsExactly("a", "b");
    assertThatThrownBy(() -> RULES.arguments(List.of("a", 3)))
        .hasMessage("Field arguments[1] must be a string.");
  }

  @Test
  void idleTimeoutIsTheRequestsElseTheTemplatesElseTheSitesWithinTheSitesMaximum() {
    PodRules open =
        new PodRules(new PodsProperties(null, null, null, null), LifetimeProperties.defaults());
    assertThat(open.idleTimeout(null, null)).as("site default: never").isEqualTo(-1);
    assertThat(open.idleTimeout(null, 3600)).isEqualTo(3600);
    assertThat(open.idleTimeout(-1, 3600)).isEqualTo(-1);
    assertThat(open.idleTimeout(3, null)).isEqualTo(3);
    assertThatThrownBy(() -> open.idleTimeout(0, null))
        .hasMessage("Field idle_timeout must be -1 (never) or a positive number of seconds.");
    assertThatThrownBy(() -> open.idleTimeout(-5, null))
        .extracting(e -> ((ApiException) e).status().value())
        .isEqualTo(400);

    PodRules bounded =
        new PodRules(
            new PodsProperties(null, null, null, null),
            new LifetimeProperties(null, 1800, 7200, null, null));
    assertThat(bounded.idleTimeout(null, null)).isEqualTo(1800);
    assertThat(bounded.idleTimeout(null, 14400))
        .as("a template's, held to the site")
        .isEqualTo(7200);
    assertThat(bounded.idleTimeout(7200, null)).isEqualTo(7200);
    assertThatThrownBy(() -> bounded.idleTimeout(7201, null))
        .hasMessage("Field idle_timeout is 7201 s; this site stops idle pods after at most 7200 s.")
        .extracting(e -> ((ApiException) e).status().value())
        .isEqualTo(400);
    assertThatThrownBy(() -> bounded.idleTimeout(-1, null)).hasMessageContaining("-1 (never)");
  }
}
