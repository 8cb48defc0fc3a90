package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.templates.IpAllowList;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate: open routes pass at once; gated ones wait, reading paused, for the check. */
class GateStageTest {
  final StageFixture f = new StageFixture();
  final ArrayDeque<Runnable> checks = new ArrayDeque<>();
  final List<Object> passed = new ArrayList<>();
  AccessGate.Verdict verdict = new AccessGate.Verdict.Allowed("default", "alice", "sealed", false);

  EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new HttpResponseEncoder(),
        new GateStage((route, credentials) -> verdict, checks::add, f.metrics),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            passed.add(msg);
            if (!(msg instanceof ProxiedRequest)) {
              ReferenceCountUtil.release(msg);
            }
          }
        });
  }

  static ProxiedRequest request(boolean gated) {
    return new ProxiedRequest(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"),
        StageFixture.route("a.pods.localhost", "a", "AVAILABLE", gated),
        null,
        0);
  }

  @Test
  void anOpenRoutePassesAtOnce() {
    EmbeddedChannel channel = channel();
    ProxiedRequest open = request(false);
    channel.writeInbound(open);
    assertThat(passed).containsExactly(open);
    assertThat(checks).isEmpty();
  }

  @Test
  void aGatedRequestAndItsBodyWaitForTheCheckAndPassAdmitted() {
    EmbeddedChannel channel = channel();
    DefaultHttpContent part = new DefaultHttpContent(StageFixture.bytes("ab"));
    channel.writeInbound(request(true), part, LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(passed).isEmpty();
    assertThat(channel.config().isAutoRead()).isFalse();
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(passed).hasSize(3);
    assertThat(((ProxiedRequest) passed.get(0)).allowed().user()).isEqualTo("alice");
    assertThat(passed.subList(1, 3)).containsExactly(part, LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void refusalsAreAnsweredHereAndTheBodyDropped() {
    verdict = new AccessGate.Verdict.NoCredentials();
    EmbeddedChannel channel = channel();
    channel.writeInbound(request(true));
    checks.poll().run();
    channel.runPendingTasks();
    channel.writeInbound(
        new DefaultHttpContent(StageFixture.bytes("ab")), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(StageFixture.written(channel)).startsWith("HTTP/1.1 401 Unauthorized");
    assertThat(passed).isEmpty();
    verdict = new AccessGate.Verdict.Denied("user bob holds no permission on pod a");
    channel.writeInbound(request(true));
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(StageFixture.written(channel))
        .startsWith("HTTP/1.1 403 Forbidden")
        .contains("user bob holds no permission on pod a");
  }

  @Test
  void theGatesOwnRefusalsCarryTheCorsHeadersForAnAllowedOrigin() {
    CorsPolicy cors =
        new CorsPolicy(List.of("https://app.example.org"), List.of("GET"), List.of(), true, 60);
    Route open = StageFixture.route("a.pods.localhost", "a", "AVAILABLE", true);
    Route fenced =
        open.toBuilder()
            .gated(true)
            .clients(IpAllowList.of(List.of("192.0.2.0/24")))
            .returnPath("/")
            .cors(cors)
            .build();
    Route gated = open.toBuilder().gated(true).returnPath("/").cors(cors).build();
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        fromOrigin(fenced, "https://app.example.org"), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(StageFixture.written(channel))
        .startsWith("HTTP/1.1 403 Forbidden")
        .contains("ip_allow_list")
        .containsIgnoringCase("access-control-allow-origin: https://app.example.org")
        .containsIgnoringCase("access-control-allow-credentials: true");
    assertThat(checks).as("refused before any credential check").isEmpty();

    verdict = new AccessGate.Verdict.NoCredentials();
    channel.writeInbound(
        fromOrigin(gated, "https://app.example.org"), LastHttpContent.EMPTY_LAST_CONTENT);
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(StageFixture.written(channel))
        .startsWith("HTTP/1.1 401 Unauthorized")
        .containsIgnoringCase("access-control-allow-origin: https://app.example.org");

    verdict = new AccessGate.Verdict.Denied("user bob holds no permission on pod a");
    channel.writeInbound(
        fromOrigin(gated, "https://app.example.org"), LastHttpContent.EMPTY_LAST_CONTENT);
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(StageFixture.written(channel))
        .startsWith("HTTP/1.1 403 Forbidden")
        .containsIgnoringCase("access-control-allow-origin: https://app.example.org");

    channel.writeInbound(
        fromOrigin(gated, "https://evil.example"), LastHttpContent.EMPTY_LAST_CONTENT);
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(StageFixture.written(channel))
        .startsWith("HTTP/1.1 403 Forbidden")
        .doesNotContainIgnoringCase("access-control-allow-origin");
  }

  static ProxiedRequest fromOrigin(Route route, String origin) {
    DefaultHttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/data");
    request.headers().set("Origin", origin);
    return new ProxiedRequest(request, route, null, 0);
  }

  @Test
  void aBrowserWithoutCredentialsIsSentToSignInAndItsTicketBecomesASession() throws Exception {
    verdict = new AccessGate.Verdict.NoCredentials();
    BrowserSignIn signIn = new BrowserSignInTest().signIn;
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpResponseEncoder(),
            new GateStage((route, credentials) -> verdict, checks::add, f.metrics, signIn));
    DefaultHttpRequest page =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/notes?x=1");
    page.headers().set("Accept", "text/html,application/xhtml+xml");
    channel.writeInbound(
        new ProxiedRequest(
            page, StageFixture.route("a.pods.localhost", "a", "AVAILABLE", true), null, 0));
    checks.poll().run();
    channel.runPendingTasks();
    String answer = StageFixture.written(channel);
    assertThat(answer)
        .startsWith("HTTP/1.1 302 Found")
        .contains(
            "location: https://berth.example/v3/pods/a.pods.localhost/auth/callback"
                + "?return_path=%2Fnotes%3Fx%3D1");

    String ticket =
        java.net
            .URI
            .create(
                signIn.ticketUrl(
                    "http://a.pods.localhost",
                    "a.pods.localhost",
                    new io.berth.auth.Caller("default", "alice", java.util.Set.of()),
                    "/notes?x=1"))
            .getRawQuery();
    channel.writeInbound(
        new ProxiedRequest(
            new DefaultHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, BrowserSignIn.TICKET_PATH + "?" + ticket),
            StageFixture.route("a.pods.localhost", "a", "AVAILABLE", true),
            null,
            0));
    String back = StageFixture.written(channel);
    assertThat(back)
        .startsWith("HTTP/1.1 302 Found")
        .contains("location: /notes?x=1")
        .contains("set-cookie: berth_session=s1.")
        .contains("HTTPOnly");
    assertThat(checks).as("a ticket needs no token check").isEmpty();
  }
}
