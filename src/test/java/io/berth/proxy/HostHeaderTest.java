package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class HostHeaderTest {
  static HttpRequest request(HttpVersion version, String uri, String... hosts) {
    HttpRequest r = new DefaultHttpRequest(version, HttpMethod.GET, uri);
    for (String host : hosts) {
      r.headers().add("Host", host);
    }
    return r;
  }

  @Test
  void oneHostNameWithAnOptionalPortIsFine() {
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/", "web.pods.localhost")))
        .isEmpty();
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/", "web.pods.localhost:8081")))
        .isEmpty();
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/", "[::1]:8081"))).isEmpty();
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_0, "/"))).isEmpty();
  }

  @Test
  void twoHostsNoHostOrSomethingElseAreProblems() {
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/", "a.x", "a.x")))
        .hasValueSatisfying(p -> assertThat(p).contains("2 Host headers"));
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/"))).isPresent();
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/", "a.x, b.x"))).isPresent();
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "/", "a.x@b.x"))).isPresent();
  }

  @Test
  void anAbsoluteTargetMustNameTheSameHost() {
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "http://b.x/p", "a.x")))
        .hasValueSatisfying(p -> assertThat(p).contains("b.x", "a.x"));
    assertThat(HostHeader.problem(request(HttpVersion.HTTP_1_1, "http://user@A.x:80/p", "a.x:80")))
        .isEmpty();
    assertThat(HostHeader.absoluteAuthority("/path?next=http://b.x")).isNull();
  }
}
