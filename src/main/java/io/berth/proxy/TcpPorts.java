package io.berth.proxy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Ports of the proxy host given to tcp and postgres entries: the lowest free port of the range,
 * kept for the pod's life (the unique key makes two processes never give one port twice).
 */
@Repository
public class TcpPorts {
  private final JdbcClient jdbc;
  private final ProxyProperties properties;

  public TcpPorts(JdbcClient jdbc, ProxyProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
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

  private int allocate(String tenant, String podId, String key) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Set<Integer> taken =
          new HashSet<>(jdbc.sql("select port from tcp_ports").query(Integer.class).list());
      Integer port = firstFree(properties.tcpPortFirst(), properties.tcpPortLast(), taken);
      if (port == null) {
        throw new IllegalStateException(
            "no free port left in BERTH_PROXY_TCP_PORT_RANGE " + properties.tcpPortRange());
      }
      try {
        jdbc.sql(
                "insert into tcp_ports (port, tenant, pod_id, networking_key) values (?, ?, ?, ?)")
            .params(port, tenant, podId, key)
            .update();
        return port;
      } catch (DuplicateKeyException e) {
        // another process took it: look again
      }
    }
    throw new IllegalStateException("could not allocate a tcp port for " + podId);
  }

  static Integer firstFree(int first, int last, Set<Integer> taken) {
    for (int p = first; p <= last; p++) {
      if (!taken.contains(p)) {
        return p;
      }
    }
    return null;
  }

}
