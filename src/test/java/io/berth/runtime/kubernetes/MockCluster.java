package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode on loopback, with what a real API server adds that the
 * mock lacks: ClusterIPs allocated when a Service is created, and pod logs (served from the fake
 * kubelet, with timestamps when asked). Every request is counted, so tests and the benchmark can
 * prove what was not called.
 */
final class MockCluster implements AutoCloseable {
  private static final Pattern LOG =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?$");
  private static final Pattern EXEC =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/exec\\?(.*)$");
  private static final Pattern SERVICES =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/services(\\?.*)?$");

  private static final String LOG_TIME = "2026-01-01T00:00:00.000000000Z";

  private final KubernetesMockServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> recent = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextIp = new AtomicInteger(1);
  private volatile String clusterIp;
  private volatile BiFunction<String, String, String> logs = (ns, name) -> null;
  private volatile ExecSessions exec;

  /** Who serves {@code pods/exec}: the fake kubelet. */
  interface ExecSessions {
    WebSocketListener session(String namespace, String name, String query);
  }

  private MockCluster() {
    var responses =
        new HashMap<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    Dispatcher counting =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            if (recent.size() < 10_000) {
              recent.add(request.getMethod() + " " + request.getPath());
            }
            Matcher log = LOG.matcher(request.getPath());
            if (log.matches() && "GET".equals(request.getMethod())) {
              return podLog(log.group(1), log.group(2), log.group(3));
            }
            Matcher exec = EXEC.matcher(request.getPath());
            if (exec.matches() && MockCluster.this.exec != null) {
              return new MockResponse()
                  .withWebSocketUpgrade(
                      MockCluster.this.exec.session(exec.group(1), exec.group(2), exec.group(3)));
            }
            if ("POST".equals(request.getMethod())
                && SERVICES.matcher(request.getPath()).matches()) {
              return crud.dispatch(withClusterIp(request));
            }
            return crud.dispatch(request);
          }

          @Override
          public void shutdown() {
            crud.shutdown();
          }
        };
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, counting, false);
  }

  static MockCluster start() {
    MockCluster cluster = new MockCluster();
    cluster.server.init(InetAddress.getLoopbackAddress(), 0);
    return cluster;
  }

  NamespacedKubernetesClient newClient() {
    return server.createClient();
  }

  String url() {
    return server.url("/");
  }

  /** Every Service gets this ClusterIP (null: one from 10.96.0.0/16 each, as a real cluster). */
  void clusterIp(String ip) {
    this.clusterIp = ip;
  }

  void logs(BiFunction<String, String, String> source) {
    this.logs = source;
  }

  void exec(ExecSessions sessions) {
    this.exec = sessions;
  }

  int requests() {
    return requests.get();
  }

  /** The requests since {@code from} (a value of {@link #requests()}), as "METHOD path". */
  List<String> requestsSince(int from) {
    return List.copyOf(recent.subList(Math.min(from, recent.size()), recent.size()));
  }

  private MockResponse podLog(String namespace, String name, String query) {
    String text = logs.apply(namespace, name);
    if (text == null) {
      return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}");
    }
    Matcher tail = query == null ? null : Pattern.compile("tailLines=(\\d+)").matcher(query);
    if (tail != null && tail.find()) {
      List<String> lines = text.lines().toList();
      int n = Integer.parseInt(tail.group(1));
      String kept = String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
      text = kept.isEmpty() ? "" : kept + "\n";
    }
    if (query != null && query.contains("timestamps=true")) {
      // every line at the same whole second, as a kubelet's log read within one second would be
      StringBuilder stamped = new StringBuilder();
      for (String line : text.split("(?<=\n)")) {
        if (!line.isEmpty()) {
          stamped.append(LOG_TIME).append(' ').append(line);
        }
      }
      text = stamped.toString();
    }
    return new MockResponse().setResponseCode(200).setBody(text);
  }

  /** A real API server allocates the ClusterIP when the Service is created. */
  private RecordedRequest withClusterIp(RecordedRequest request) {
    Service service = Serialization.unmarshal(request.getUtf8Body(), Service.class);
    if (service.getSpec() != null && service.getSpec().getClusterIP() == null) {
      String ip =
          clusterIp != null
              ? clusterIp
              : "10.96." + (nextIp.get() / 250) + "." + (nextIp.getAndIncrement() % 250 + 1);
      service.getSpec().setClusterIP(ip);
      service.getSpec().setClusterIPs(List.of(ip));
    }
    byte[] body = Serialization.asJson(service).getBytes(StandardCharsets.UTF_8);
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        request.getHeaders(),
        new Buffer(body));
  }

  @Override
  public void close() {
    server.destroy();
  }
}
