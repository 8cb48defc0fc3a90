package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A networking entry's cors_* fields as the proxy answers preflights and marks responses. */
class CorsPolicyTest {
  final CorsPolicy policy =
      new CorsPolicy(
          List.of("https://app.example.org"), List.of("GET", "PUT"), List.of("X-Token"), true, 60);

  static HttpRequest preflight(String origin) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/data");
    request.headers().set("Origin", origin).set("Access-Control-Request-Method", "PUT");
    return request;
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithThePolicy() {
    assertThat(policy.isPreflight(preflight("https://app.example.org"))).isTrue();
    FullHttpResponse res = policy.preflight(preflight("https://APP.example.org"), true);
    assertThat(res.status().code()).isEqualTo(204);
    HttpHeaders h = res.headers();
    assertThat(h.get("Access-Control-Allow-Origin")).isEqualTo("https://APP.example.org");
    assertThat(h.get("Access-Control-Allow-Methods")).isEqualTo("GET, PUT");
    assertThat(h.get("Access-Control-Allow-Headers")).isEqualTo("X-Token");
    assertThat(h.get("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(h.get("Access-Control-Max-Age")).isEqualTo("60");
  }

  @Test
  void anotherOriginGetsNoAccessControlHeadersAndAnOffPolicyNoPreflight() {
    FullHttpResponse res = policy.preflight(preflight("https://evil.example"), true);
    assertThat(res.headers().names()).noneMatch(n -> n.startsWith("access-control"));
    assertThat(CorsPolicy.OFF.isPreflight(preflight("https://app.example.org"))).isFalse();
    HttpRequest plain = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/");
    assertThat(policy.isPreflight(plain)).isFalse();
  }

  @Test
  void responsesGetThePolicysOriginInPlaceOfThePodsOwn() {
    HttpHeaders pods = new DefaultHttpHeaders().set("Access-Control-Allow-Origin", "*");
    policy.apply(pods, "https://app.example.org");
    assertThat(pods.get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.org");
    assertThat(pods.get("Vary")).isEqualTo("Origin");
    HttpHeaders other = new DefaultHttpHeaders().set("Access-Control-Allow-Origin", "*");
    policy.apply(other, "https://evil.example");
    assertThat(other.contains("Access-Control-Allow-Origin")).isFalse();
    CorsPolicy any = new CorsPolicy(List.of("*"), List.of("GET"), List.of(), false, 5);
    HttpHeaders open = new DefaultHttpHeaders();
    any.apply(open, "https://anyone.example");
    assertThat(open.get("Access-Control-Allow-Origin")).isEqualTo("*");
  }
}
