package io.berth.proxy;

import io.berth.web.ApiException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ports of the proxy host given to tcp and postgres entries: a free port of the range, kept for the
 * pod's life (the unique key makes two processes never give one port twice).
 */
@Repository
public class TcpPorts {
  private final JdbcClient jdbc;
  private final ProxyProperties properties;
  private final TransactionTemplate savepoint;

  public TcpPorts(
      JdbcClient jdbc, ProxyProperties properties, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** The ports of a pod's entries: key to port. */
  public Map<String, Integer> of(String tenant, String podId) {
    Map<String, Integer> ports = new HashMap<>();
    jdbc.sql("select networking_key, port from tcp_ports where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query(rs -> {
          ports.put(rs.getString(1), rs.getInt(2));
        });
    return ports;
  }

  /** Every assignment: "tenant/pod/key" to port. */
  public Map<String, Integer> all() {
    Map<String, Integer> ports = new HashMap<>();
    jdbc.sql("select tenant, pod_id, networking_key, port from tcp_ports")
        .query(rs -> {
          ports.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getInt(4));
        });
    return ports;
  }

  /** Gives each listed key a port (keeping existing ones) and frees the pod's other ports. */
  public Map<String, Integer> assign(String tenant, String podId, Set<String> keys) {
    Map<String, Integer> current = of(tenant, podId);
    for (Map.Entry<String, Integer> e : current.entrySet()) {
      if (!keys.contains(e.getKey())) {
        jdbc.sql("delete from tcp_ports where port = ?").param(e.getValue()).update();
      }
    }
    for (String key : keys) {
      if (!current.containsKey(key)) {
        current.put(key, allocate(tenant, podId, key));
      }
    }
    current.keySet().retainAll(keys);
    return current;
  }

  /**
   * A free port of the range, chosen at random among the free ones so that concurrent creates
   * rarely pick the same; each insert runs in a savepoint, since a duplicate key aborts the whole
   * transaction on PostgreSQL and the pod's creation must survive losing a race.
   */
  private int allocate(String tenant, String podId, String key) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Set<Integer> taken =
          new HashSet<>(jdbc.sql("select port from tcp_ports").query(Integer.class).list());
      Integer port = randomFree(properties.tcpPortFirst(), properties.tcpPortLast(), taken);
      if (port == null) {
        throw ApiException.conflict(
            "networking: no free port left in the proxy's tcp port range "
                + properties.tcpPortRange()
                + " for tcp and postgres entries; an operator can widen BERTH_PROXY_TCP_PORT_RANGE");
      }
      try {
        savepoint.executeWithoutResult(status ->
            jdbc.sql(
                    "insert into tcp_ports (port, tenant, pod_id, networking_key) values (?, ?, ?, ?)")
                .params(port, tenant, podId, key)
                .update());
        return port;
      } catch (DuplicateKeyException e) {
        // another create took it a moment ago: choose again
      }
    }
    throw new IllegalStateException(
        "could not allocate a tcp port for " + podId + " after 20 attempts");
  }

  static Integer randomFree(int first, int last, Set<Integer> taken) {
    int span = last - first + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int p = first + (start + i) % span;
      if (!taken.contains(p)) {
        return p;
      }
    }
    return null;
  }
}
