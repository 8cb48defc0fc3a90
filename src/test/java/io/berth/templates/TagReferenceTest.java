package io.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.web.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which tag a reference names: latest is the newest, a name its newest, tag@time exactly one. */
class TagReferenceTest {
  static TemplateTag tag(int seq, String name, String time) {
    return new TemplateTag(
        "web", seq, name, name + "@" + time, null, "", "alice", null, Instant.EPOCH);
  }

  final List<TemplateTag> oldestFirst =
      List.of(
          tag(1, "v1", "2026-01-01-00:00:01"),
          tag(2, "latest", "2026-01-01-00:00:02"),
          tag(3, "latest", "2026-01-01-00:00:03"),
          tag(4, "v2", "2026-01-01-00:00:04"));

  @Test
  void noTagAndLatestMeanTheNewestTagWhateverItsName() {
    assertThat(TagReference.parse("template", "web").pick(oldestFirst).orElseThrow().seq())
        .isEqualTo(4);
    assertThat(TagReference.parse("template", "web:latest").pick(oldestFirst).orElseThrow().seq())
        .isEqualTo(4);
  }

  @Test
  void aNameOrANameWithItsTimeNamesOneTag() {
    assertThat(TagReference.parse("template", "web:v1").pick(oldestFirst).orElseThrow().seq())
        .isEqualTo(1);
    assertThat(
            TagReference.parse("template", "web:latest@2026-01-01-00:00:02")
                .pick(oldestFirst)
                .orElseThrow()
                .seq())
        .isEqualTo(2);
    assertThat(TagReference.parse("template", "web:v3").pick(oldestFirst)).isEmpty();
    assertThat(TagReference.parse("template", "web:v1@2026-01-01-00:00:09").pick(oldestFirst))
        .isEmpty();
    assertThat(TagReference.parse("template", "web").pick(List.of())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Web", "ab", "web@2026", "web:", "web:a:b", "web:v1@", "web:@x"})
  void malformedReferencesAreRefusedNamingTheField(String reference) {
    assertThatThrownBy(() -> TagReference.parse("pod_definition.template", reference))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("pod_definition.template");
  }

  @Test
  void tagNamesAndIdsKeepTheirRules() {
    assertThat(TemplateRules.tag(null)).isEqualTo("latest");
    assertThat(TemplateRules.tag("v1.2-rc_1")).isEqualTo("v1.2-rc_1");
    assertThatThrownBy(() -> TemplateRules.tag("v1@x")).hasMessageContaining("Field tag");
    assertThatThrownBy(() -> TemplateRules.templateId("tags")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> TemplateRules.templateId("a-b")).hasMessageContaining("template_id");
    assertThatThrownBy(() -> TemplateRules.metatags(List.of("ok", " ")))
        .hasMessageContaining("metatags[1]");
  }
}
