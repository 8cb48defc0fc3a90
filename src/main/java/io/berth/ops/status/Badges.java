package io.berth.ops.status;

import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/** Small flat SVG badges (label on grey, value on colour), like shields.io's. */
final class Badges {
  static final String GREEN = "#2ea44f";
  static final String YELLOW = "#dbab09";
  static final String RED = "#d73a49";
  static final String GREY = "#6a737d";

  private Badges() {}

  static String svg(String label, String value, String colour) {
    int left = 6 * label.length() + 12;
    int right = 6 * value.length() + 12;
    int width = left + right;
    return """
    <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">\
    <title>%s: %s</title>\
    <rect width="%d" height="20" rx="3" fill="#555"/>\
    <rect x="%d" width="%d" height="20" rx="3" fill="%s"/>\
    <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
    <text x="%d" y="14">%s</text><text x="%d" y="14">%s</text></g></svg>
    """
        .formatted(
            width,
            HtmlUtils.htmlEscape(label),
            HtmlUtils.htmlEscape(value),
            HtmlUtils.htmlEscape(label),
            HtmlUtils.htmlEscape(value),
            width,
            left,
            right,
            colour,
            left / 2,
            HtmlUtils.htmlEscape(label),
            left + right / 2,
            HtmlUtils.htmlEscape(value));
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  static String forUptime(double share) {
    return share >= 0.99 ? GREEN : share >= 0.95 ? YELLOW : RED;
  }
}
