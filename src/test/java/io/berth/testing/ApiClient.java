package io.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for Berth's API in tests: sends JSON, returns status and parsed body, and
 * holds every response to the Tapis contract ({@link TapisContract}).
 */
public final class ApiClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  /** A response: the status code and the body parsed as JSON (null when it is not JSON). */
  public record Reply(int status, JsonNode body, String text) {
    public JsonNode result() {
      return body.get("result");
    }

    /** The message; a refusal's list of messages (Tapis's 400) joined with "; ". */
    public String message() {
      return body == null ? text : messageOf(body);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  /** An envelope's message; a refusal's list of messages (Tapis's 400) joined with "; ". */
  public static String messageOf(JsonNode envelope) {
    JsonNode message = envelope.path("message");
    if (message.isArray()) {
      List<String> all = new ArrayList<>();
      message.forEach(m -> all.add(m.asString()));
      return String.join("; ", all);
    }
    return message.asString();
  }

  public String token(String user, String password) {
    Reply reply =
        send(
            "POST",
            "/v3/oauth2/tokens",
            "{\"username\":\""
                + user
                + "\",\"password\":\""
                + password
                + "\",\"grant_type\":\"password\"}",
            null);
    if (reply.status() != 201) {
      throw new IllegalStateException("token for " + user + " refused: " + reply);
    }
    return reply.result().path("access_token").path("access_token").asString();
  }

  public Reply get(String path, String token) {
    return send("GET", path, null, token);
  }

  public Reply post(String path, String json, String token) {
    return send("POST", path, json, token);
  }

  public Reply put(String path, String json, String token) {
    return send("PUT", path, json, token);
  }

  public Reply delete(String path, String token) {
    return send("DELETE", path, null, token);
  }

  public Reply send(String method, String path, String json, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("X-Tapis-Token", token);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return send(request.build());
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      // every response a test receives is checked against the Tapis specs (TapisContract)
      TapisContract.get()
          .check(
              request.method(), request.uri().getRawPath(), response.statusCode(), response.body());
      return new Reply(response.statusCode(), parse(response.body()), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
