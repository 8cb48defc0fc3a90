package io.berth.web;

/**
 * What an error answered outside Berth's handlers says: the parser's own refusals (bad path
 * encoding, oversized or malformed headers, a malformed request line) and statuses set by the
 * servlet container. Each names the part of the request at fault; none echoes internals of a 5xx.
 */
final class ErrorMessages {
  private ErrorMessages() {}

  /**
   * @param status the status code being answered
   * @param detail what the container said (its message or the parse failure's), or null
   * @param method the request method, when known
   * @param path the request path, when known
   */
  static String of(int status, String detail, String method, String path) {
    String where = path == null || path.isEmpty() ? "" : " " + path;
    return switch (status) {
      case 400 -> malformed(detail);
      case 401 -> "A token is required: send it in X-Tapis-Token or Authorization: Bearer.";
      case 403 -> "The request is not allowed.";
      case 404 -> "No such endpoint:" + (where.isEmpty() ? " (none)" : where);
      case 405 ->
          detail != null && !detail.isBlank()
              ? "The method is not allowed on" + where + ": " + plain(detail) + "."
              : "Method "
                  + (method == null ? "(none)" : method)
                  + " is not allowed on"
                  + where
                  + ".";
      case 406 -> "Header Accept must allow application/json: every answer is JSON.";
      case 408 -> "The request was not received in time.";
      case 411 -> "Header Content-Length is required for this request.";
      case 413 -> "The request body is larger than this site accepts.";
      case 414 -> "The request path is longer than this site accepts.";
      case 415 -> "Header Content-Type is not supported here; send application/json.";
      case 431 -> "The request headers are larger than this site accepts.";
      default ->
          status >= 500
              ? "Berth could not complete the request because of an internal error."
              : "The request was refused (HTTP " + status + ").";
    };
  }

  private static String malformed(String detail) {
    String d = detail == null ? "" : detail;
    String lower = d.toLowerCase(java.util.Locale.ROOT);
    String part;
    if (lower.contains("header") || d.isBlank()) {
      part = "The request line or headers are malformed or larger than this site accepts";
    } else if (lower.contains("domain name") || lower.contains("host")) {
      part = "Header Host is malformed";
    } else if (lower.contains("method")) {
      part = "The request method is malformed";
    } else if (lower.contains("uri") || lower.contains("target") || lower.contains("path")) {
      part = "The request path is malformed (bad percent-encoding, %00 or a character not allowed)";
    } else if (lower.contains("protocol") || lower.contains("http version")) {
      part = "The request line's protocol is malformed";
    } else {
      part = "The request is malformed";
    }
    return d.isBlank() ? part + "." : part + ": " + plain(d) + ".";
  }

  /** The container's message without control characters or trailing stops, and not too long. */
  private static String plain(String detail) {
    String text = detail.replaceAll("\\p{Cntrl}", "?").strip();
    if (text.length() > 300) {
      text = text.substring(0, 300) + "...";
    }
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
