package io.berth.pods;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.ObjectReader;

/**
 * A JSON column's reader that remembers what it parsed, by text: most pods share their networking,
 * resources and command with others from the same template, and clients poll the same pod over and
 * over, so parsing was a tenth of a pod read. Values are made unmodifiable before they are shared;
 * the memory is bounded by forgetting everything past {@link #LIMIT}.
 */
final class JsonColumn<T> {
  static final int LIMIT = 4096;

  private final ObjectReader reader;
  private final UnaryOperator<T> unmodifiable;
  private final Map<String, T> parsed = new ConcurrentHashMap<>();

  JsonColumn(ObjectReader reader, UnaryOperator<T> unmodifiable) {
    this.reader = reader;
    this.unmodifiable = unmodifiable;
  }

  T read(String text) {
    if (text == null) {
      return null;
    }
    T value = parsed.get(text);
    if (value == null) {
      T fresh = reader.readValue(text);
      if (fresh == null) {
        return null; // the JSON null
      }
      value = unmodifiable.apply(fresh);
      if (parsed.size() >= LIMIT) {
        parsed.clear();
      }
      parsed.put(text, value);
    }
    return value;
  }
}
