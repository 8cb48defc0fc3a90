package io.berth.ui;

import java.util.List;

/**
 * Where a refusal of the API is shown on a form: next to the first field whose API name the message
 * mentions (the API's messages name the field and the rule), else above the form.
 */
public record FormError(String field, String message) {

  static FormError of(String message, List<String> fields) {
    return fields.stream()
        .filter(message::contains)
        .findFirst()
        .map(f -> new FormError(f, message))
        .orElse(new FormError("form", message));
  }

  /**
   * Whether the message belongs next to this field ({@code form}: above the form). Public, as the
   * pages' expressions call it.
   */
  public boolean at(String name) {
    return field.equals(name);
  }
}
