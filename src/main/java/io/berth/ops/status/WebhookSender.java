package io.berth.ops.status;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** POSTs the alert as JSON to the configured URL (chat hooks, incident tools). */
final class WebhookSender implements AlertSender {
  private final StatusConfig.Webhook webhook;
  private final HttpClient http;
  private final JsonMapper json;

  WebhookSender(StatusConfig.Webhook webhook, HttpClient http, JsonMapper json) {
    this.webhook = webhook;
    this.http = http;
    this.json = json;
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public void send(Notice notice) throws IOException, InterruptedException {
    Map<String, Object> body = notice.fields();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(webhook.url())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    webhook.headers().forEach(request::header);
    HttpResponse<Void> response =
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() >= 300) {
      throw new IOException("the webhook answered " + response.statusCode());
    }
  }
}
