package io.berth.web;

import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The rule on every string in a request body: plain text, no control characters (NUL, line breaks,
 * escape sequences, the Unicode line separators) and no broken surrogate pairs. Such characters
 * never belong in a name, a description or a variable's value, and stored they forge log lines and
 * permission entries ({@code eve\nadmin:READ}). Fields that hold scripts opt into line breaks and
 * tabs with {@link MultiLine}. Applied when the API reads JSON bodies, not to Berth's own JSON.
 */
public final class RequestText {
  private RequestText() {}

  /** The Jackson module that puts the rule on every string a request body holds. */
  static SimpleModule module() {
    return new SimpleModule("berth-request-text").addDeserializer(String.class, new SingleLine());
  }

  /** True when {@code text} is single-line plain text, as every request string must be. */
  public static boolean isPlain(String text) {
    return refusedAt(text, false) < 0;
  }

  /** Where the first refused character sits, or -1 when the text is acceptable. */
  static int refusedAt(String text, boolean lineBreaksAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      if ((Character.isISOControl(c) && !(lineBreaksAllowed && lineBreak))
          || c == '\u2028'
          || c == '\u2029') {
        return i;
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
        return i;
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  private static String checked(JsonParser p, boolean lineBreaksAllowed) {
    String text = p.getString();
    int at = refusedAt(text, lineBreaksAllowed);
    if (at >= 0) {
      throw new UnsafeTextException(
          p,
          "Field "
              + field(p.streamReadContext())
              + " must be plain text, without control characters or unpaired surrogates"
              + (lineBreaksAllowed ? " other than tabs and line breaks" : "")
              + String.format(" (U+%04X at position %d).", (int) text.charAt(at), at));
    }
    return text;
  }

  /** The field a string sits in, as the API's messages name fields: {@code a.b[2].c}. */
  static String field(TokenStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + c.getCurrentIndex() + "]");
      } else if (c.currentName() != null) {
        parts.push("." + c.currentName());
      }
    }
    String path = String.join("", parts);
    return path.isEmpty() ? "(the body)" : path.startsWith(".") ? path.substring(1) : path;
  }

  /** Every string: single-line plain text. */
  private static final class SingleLine extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
      // anything but a JSON string is coerced or refused as Jackson's own handling does
      return p.hasToken(JsonToken.VALUE_STRING) ? checked(p, false) : super.deserialize(p, ctxt);
    }
  }

  /**
   * For fields whose items may be scripts ({@code command}): strings may hold tabs and line breaks
   * but no other control character; anything that is not a string is read as it is, for the field's
   * own rules to name. Use as {@code @JsonDeserialize(contentUsing = MultiLine.class)}.
   */
  public static final class MultiLine extends StdDeserializer<Object> {
    public MultiLine() {
      super(Object.class);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return checked(p, true);
      }
      return ctxt.readValue(p, Object.class);
    }
  }
}
