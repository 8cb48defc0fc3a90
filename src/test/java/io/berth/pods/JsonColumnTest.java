package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class JsonColumnTest {
  final JsonColumn<Map<String, String>> column =
      new JsonColumn<>(
          JsonMapper.builder().build().readerFor(new TypeReference<Map<String, String>>() {}),
          Collections::unmodifiableMap);

  @Test
  void sameTextSameValueKeepingOrderAndRefusingChanges() {
    Map<String, String> first = column.read("{\"b\":\"2\",\"a\":\"1\"}");
    assertThat(column.read("{\"b\":\"2\",\"a\":\"1\"}")).isSameAs(first);
    assertThat(first.keySet()).containsExactly("b", "a");
    assertThatThrownBy(() -> first.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(column.read("{\"a\":\"1\"}")).isNotSameAs(first).containsEntry("a", "1");
  }

  @Test
  void jsonNullAndMissingTextAreNull() {
    assertThat(column.read("null")).isNull();
    assertThat(column.read(null)).isNull();
  }

  @Test
  void forgetsEverythingPastTheLimitInsteadOfGrowing() {
    Map<String, String> early = column.read("{\"n\":\"early\"}");
    for (int i = 0; i < JsonColumn.LIMIT; i++) {
      column.read("{\"n\":\"" + i + "\"}");
    }
    assertThat(column.read("{\"n\":\"early\"}")).isNotSameAs(early).isEqualTo(early);
  }
}
