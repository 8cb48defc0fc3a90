package io.berth.processes;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where OGC API - Processes lives and how its links are written: absolute, on the scheme, host and
 * port the client used (test suites follow {@code Location} headers as they are).
 */
final class Links {
  static final String BASE = "/ogcapi";
  static final String JSON = "application/json";
  static final String REL_CONFORMANCE = "http://www.opengis.net/def/rel/ogc/1.0/conformance";
  static final String REL_PROCESSES = "http://www.opengis.net/def/rel/ogc/1.0/processes";
  static final String REL_JOB_LIST = "http://www.opengis.net/def/rel/ogc/1.0/job-list";
  static final String REL_EXECUTE = "http://www.opengis.net/def/rel/ogc/1.0/execute";
  static final String REL_RESULTS = "http://www.opengis.net/def/rel/ogc/1.0/results";

  private Links() {}

  /** {@code scheme://host[:port]} as the client addressed Berth. */
  static String origin(HttpServletRequest request) {
    String scheme = request.getScheme();
    int port = request.getServerPort();
    boolean standard =
        (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String host = request.getServerName();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + (standard ? "" : ":" + port);
  }

  static String base(HttpServletRequest request) {
    return origin(request) + BASE;
  }

  static ObjectNode link(String href, String rel, String type, String title) {
    ObjectNode link = JsonNodeFactory.instance.objectNode();
    link.put("href", href);
    link.put("rel", rel);
    if (type != null) {
      link.put("type", type);
    }
    if (title != null) {
      link.put("title", title);
    }
    return link;
  }
}
