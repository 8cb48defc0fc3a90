package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.ApiClient;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestMetrics;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proxy with a configured certificate: HTTPS by Host to a pod (the pod is told the original
 * scheme), and the certificate's expiry exported for the expiring-certificate alert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxyTlsIT {
  static final Path home = TestDatabase.newHome();
  static final int PROXY_PORT = FreePort.find();
  static final Path certificate = home.resolve("proxy.crt");
  static final Path privateKey = home.resolve("proxy.key");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.register(registry, home);
    registry.add("berth.metrics.token", () -> TestMetrics.TOKEN);
    Files.createDirectories(home);
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=pods.localhost",
                "-addext",
                "subjectAltName=DNS:*.pods.localhost,DNS:pods.localhost",
                "-keyout",
                privateKey.toString(),
                "-out",
                certificate.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + output);
    }
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.proxy.tls-certificate", certificate::toString);
    registry.add("berth.proxy.tls-private-key", privateKey::toString);
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
  }

  @LocalServerPort int apiPort;
  @Autowired JdbcClient jdbc;
  HttpServer echo;

  @BeforeAll
  void setUp() throws Exception {
    echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("proto=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    echo.start();
  }

  @AfterAll
  void tearDown() {
    echo.stop(0);
  }

  @Test
  void servesHttpsByHostAndExportsTheCertificateExpiry() throws Exception {
    ApiClient api = new ApiClient(apiPort);
    String alice = api.token("alice", "secret1");
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"secure\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                        + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":5000}}}",
                    alice)
                .status())
        .isEqualTo(200);
    jdbc.sql("update pods set status = 'AVAILABLE', status_container = ? where pod_id = 'secure'")
        .param(
            "{\"state\":\"running\",\"endpoints\":{\"5000\":\"127.0.0.1:"
                + echo.getAddress().getPort()
                + "\"}}")
        .update();

    SSLContext tls = trusting(certificate);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() ->
            assertThat(get(tls, "secure.pods.localhost"))
                .startsWith("HTTP/1.1 200")
                .endsWith("proto=https"));
    X509Certificate served = read(certificate);
    assertThat(metric("berth_proxy_tls_certificate_expiry_timestamp_seconds"))
        .isEqualTo((double) served.getNotAfter().toInstant().getEpochSecond());
  }

  /**
   * GET / over TLS to the proxy on loopback with the pod's name in SNI and Host, the certificate
   * checked against that name (the JDK cannot resolve *.pods.localhost here).
   */
  static String get(SSLContext tls, String host) throws Exception {
    try (Socket plain = new Socket("127.0.0.1", PROXY_PORT);
        SSLSocket socket =
            (SSLSocket) tls.getSocketFactory().createSocket(plain, host, PROXY_PORT, true)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  double metric(String name) throws Exception {
    String text = TestMetrics.scrape(apiPort);
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not exported"));
  }

  static SSLContext trusting(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("proxy", read(pem));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  static X509Certificate read(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
