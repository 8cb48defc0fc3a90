package io.berth.ops.status;

import io.berth.runtime.ContainerRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs one check and judges it: HTTP(S) with the JDK client (body capped at 64 KiB, TLS certificate
 * expiry read from the session), TCP by connecting, Berth's database and engine in-process.
 */
final class CheckRunner {
  private static final int BODY_LIMIT = 64 * 1024;

  private final HttpClient http;
  private final JdbcClient jdbc;
  private final Supplier<ContainerRuntime> runtime;
  private final Clock clock;

  CheckRunner(HttpClient http, JdbcClient jdbc, Supplier<ContainerRuntime> runtime, Clock clock) {
    this.http = http;
    this.jdbc = jdbc;
    this.runtime = runtime;
    this.clock = clock;
  }

  CheckResult run(CheckDefinition check) {
    Instant at = clock.instant();
    Observation seen = observe(check);
    String failure =
        check.conditions().stream()
            .map(c -> c.failure(seen, at))
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    String detail =
        failure != null
            ? failure
            : seen.connected() && seen.status() > 0 ? "status " + seen.status() : "ok";
    return new CheckResult(
        check.name(), at, failure == null, seen.millis(), detail, seen.certificateExpiry());
  }

  private Observation observe(CheckDefinition check) {
    long start = System.nanoTime();
    try {
      return switch (check.target()) {
        case CheckDefinition.Target.Http h -> http(h, check.timeout(), start);
        case CheckDefinition.Target.Tcp t -> tcp(t, check.timeout(), start);
        case CheckDefinition.Target.Internal i -> internal(i, start);
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Observation.failed(millisSince(start), "interrupted");
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Observation.failed(
          millisSince(start), reason.length() > 300 ? reason.substring(0, 300) : reason);
    }
  }

  private Observation http(CheckDefinition.Target.Http target, Duration timeout, long start)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(target.uri())
            .timeout(timeout)
            .method(target.method(), HttpRequest.BodyPublishers.noBody())
            .header("User-Agent", "berth-status")
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    long millis = millisSince(start);
    byte[] body = response.body();
    String text = new String(body, 0, Math.min(body.length, BODY_LIMIT), StandardCharsets.UTF_8);
    Instant expiry = response.sslSession().map(CheckRunner::earliestExpiry).orElse(null);
    return new Observation(true, response.statusCode(), text, millis, expiry, null);
  }

  private static Instant earliestExpiry(javax.net.ssl.SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return Arrays.stream(chain)
          .filter(X509Certificate.class::isInstance)
          .map(c -> ((X509Certificate) c).getNotAfter().toInstant())
          .min(Comparator.naturalOrder())
          .orElse(null);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private Observation tcp(CheckDefinition.Target.Tcp target, Duration timeout, long start)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target.host(), target.port()), (int) timeout.toMillis());
    }
    return new Observation(true, 0, null, millisSince(start), null, null);
  }

  private Observation internal(CheckDefinition.Target.Internal target, long start) {
    switch (target.component()) {
      case "database" -> jdbc.sql("select 1").query(Integer.class).single();
      case "engine" -> {
        ContainerRuntime engine = runtime.get();
        if (engine == null) {
          throw new IllegalStateException("no container runtime is configured");
        }
        engine.observeAll();
      }
      default -> throw new IllegalStateException(target.component());
    }
    return new Observation(true, 0, null, millisSince(start), null, null);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
