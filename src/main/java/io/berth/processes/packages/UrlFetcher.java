package io.berth.processes.packages;

import io.berth.processes.catalog.OgcException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads what a package or an input refers to by URL, only under the URL prefixes the site allows
 * ({@code BERTH_PROCESSES_ALLOWED_URLS}; none by default): Berth does not fetch arbitrary addresses
 * for its users. Redirects are not followed (they could leave the prefix).
 */
public final class UrlFetcher {
  private final List<String> allowed;
  private final Duration timeout;
  private final HttpClient http;

  public UrlFetcher(List<String> allowed, Duration timeout) {
    this.allowed = List.copyOf(allowed);
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public boolean allows(String url) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      return false;
    }
    URI uri;
    try {
      uri = URI.create(url).normalize();
    } catch (IllegalArgumentException e) {
      return false;
    }
    String normal = uri.toString();
    return uri.getRawUserInfo() == null
        && !normal.contains("/../")
        && allowed.stream().anyMatch(normal::startsWith);
  }

  /** The body at {@code url}, refused beyond {@code maxBytes}; {@code path} names the member. */
  public byte[] fetch(String url, long maxBytes, String path) {
    try (InputStream in = open(url, path)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw OgcException.invalid(path + ": " + url + " is larger than " + maxBytes + " bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw OgcException.invalid(path + ": reading " + url + " failed: " + e.getMessage());
    }
  }

  /** A stream of the body at {@code url}; the caller bounds and closes it. */
  public InputStream open(String url, String path) {
    if (!allows(url)) {
      throw OgcException.invalid(
          path
              + ": "
              + url
              + " is not under a URL prefix this site allows (BERTH_PROCESSES_ALLOWED_URLS).");
    }
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw OgcException.invalid(path + ": " + url + " answered " + response.statusCode() + ".");
      }
      return response.body();
    } catch (IOException e) {
      throw OgcException.invalid(path + ": " + url + " could not be read: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OgcException.invalid(path + ": interrupted while reading " + url + ".");
    }
  }
}
