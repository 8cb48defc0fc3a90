package io.berth.processes;

import io.berth.processes.catalog.OgcException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code limit} and {@code offset} of the process and job lists, and their next/prev links. */
record Paging(int limit, int offset) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  static Paging of(Integer limit, Integer offset) {
    int l = limit == null ? DEFAULT_LIMIT : limit;
    int o = offset == null ? 0 : offset;
    if (l < 1 || l > MAX_LIMIT) {
      throw OgcException.invalid("Parameter limit must be between 1 and " + MAX_LIMIT + ".");
    }
    if (o < 0) {
      throw OgcException.invalid("Parameter offset must be 0 or more.");
    }
    return new Paging(l, o);
  }

  /** self, and next when {@code more}, prev when not on the first page. */
  List<ObjectNode> links(String url, String query, boolean more) {
    List<ObjectNode> links = new ArrayList<>();
    links.add(Links.link(url + page(query, offset), "self", Links.JSON, "this page"));
    if (more) {
      links.add(Links.link(url + page(query, offset + limit), "next", Links.JSON, "next page"));
    }
    if (offset > 0) {
      links.add(
          Links.link(
              url + page(query, Math.max(0, offset - limit)), "prev", Links.JSON, "previous page"));
    }
    return links;
  }

  private String page(String query, int at) {
    return "?" + query + (query.isEmpty() ? "" : "&") + "limit=" + limit + "&offset=" + at;
  }
}
