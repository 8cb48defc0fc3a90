package io.berth.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which host a request is for, or why it names none the proxy may act on (RFC 9112, 3.2): one Host
 * header holding a host name or address and an optional port, required in HTTP/1.1, and agreeing
 * with the host of an absolute request target. A request that names two hosts could reach one pod
 * while another component believed it reached the other, so it is refused before any pod sees it.
 */
final class HostHeader {
  private static final Pattern HOST =
      Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?$");

  private HostHeader() {}

  /** Why the request cannot be routed by its Host, or empty when it can. */
  static Optional<String> problem(HttpRequest request) {
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return Optional.of(
          "The request has " + hosts.size() + " Host headers; it must have exactly one.");
    }
    if (hosts.isEmpty()) {
      return HttpVersion.HTTP_1_0.equals(request.protocolVersion())
          ? Optional.empty() // HTTP/1.0 may omit it: no pod answers at no name (404)
          : Optional.of("The request has no Host header; HTTP/1.1 requires one.");
    }
    String host = hosts.get(0).strip();
    if (!HOST.matcher(host).matches()) {
      return Optional.of("The Host header is not a host name with an optional port.");
    }
    String authority = absoluteAuthority(request.uri());
    if (authority != null
        && !UrlScheme.normalizeHost(authority).equals(UrlScheme.normalizeHost(host))) {
      return Optional.of(
          "The request target names the host "
              + authority
              + " but the Host header names "
              + host
              + "; they must agree.");
    }
    return Optional.empty();
  }

  /** The authority of an absolute-form target ({@code http://host:port/path}), else null. */
  static String absoluteAuthority(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme <= 0 || uri.charAt(0) == '/') {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    String authority = uri.substring(start, end);
    int at = authority.lastIndexOf('@');
    return at >= 0 ? authority.substring(at + 1) : authority;
  }
}
