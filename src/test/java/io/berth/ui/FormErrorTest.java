package io.berth.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 19 item 2: the API's message goes next to the field it names, else above the form. */
class FormErrorTest {
  @Test
  void theMessageGoesNextToTheFieldItNames() {
    FormError e = FormError.of("The field pod_id must be lower-case.", PodPages.FIELDS);
    assertThat(e.at("pod_id")).isTrue();
    assertThat(e.at("form")).isFalse();
  }

  @Test
  void aMessageNamingNoFieldGoesAboveTheForm() {
    assertThat(FormError.of("Quota reached.", PodPages.FIELDS).at("form")).isTrue();
  }

  @Test
  void aChosenTagsRefusalGoesNextToTheTemplateField() {
    FormError e =
        FormError.of("Field template: template hello has no tag nosuchtag.", PodPages.TAG_FIELDS);
    assertThat(e.at("template")).isTrue();
  }
}
