package io.berth.proxy;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/** The small HTML pages the proxy answers with when it cannot forward. */
final class ErrorPages {
  private ErrorPages() {}

  static byte[] page(int status, String title, String detail) {
    String html =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
            + status
            + " "
            + HtmlUtils.htmlEscape(title)
            + "</title><style>body{font-family:sans-serif;margin:3em;color:#333}"
            + "h1{font-size:1.4em}</style></head><body><h1>"
            + status
            + " "
            + HtmlUtils.htmlEscape(title)
            + "</h1><p>"
            + HtmlUtils.htmlEscape(detail)
            + "</p><p><small>Berth proxy</small></p></body></html>\n";
    return html.getBytes(StandardCharsets.UTF_8);
  }
}
