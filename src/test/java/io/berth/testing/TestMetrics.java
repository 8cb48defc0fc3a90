package io.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Scrapes {@code /metrics} as Prometheus does: with the bearer token, which tests give Berth as
 * {@code berth.metrics.token} (BERTH_METRICS_TOKEN).
 */
public final class TestMetrics {
  public static final String TOKEN = "berth-test-metrics-token";

  private TestMetrics() {}

  public static HttpRequest request(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Authorization", "Bearer " + TOKEN)
        .build();
  }

  /** The exposition text; fails on any status but 200. */
  public static String scrape(int port) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request(port), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
