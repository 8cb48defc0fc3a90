package io.berth.processes;

import io.berth.testing.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** OGC API - Processes requests the Tapis client does not make: any media type, Prefer. */
final class OgcHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OgcHttp() {}

  static HttpResponse<String> send(
      ApiClient api, String method, String path, String type, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("X-Tapis-Token", token);
    }
    if (type != null) {
      request.header("Content-Type", type);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> execute(
      ApiClient api, String process, String body, String token, boolean async)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(api.base() + "/ogcapi/processes/" + process + "/execution"))
            .timeout(Duration.ofSeconds(60))
            .header("X-Tapis-Token", token)
            .header("Content-Type", "application/json");
    if (async) {
      request.header("Prefer", "respond-async");
    }
    return HTTP.send(
        request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
