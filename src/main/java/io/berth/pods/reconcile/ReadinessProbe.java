package io.berth.pods.reconcile;

import io.berth.runtime.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * Whether a pod's service answers: a TCP connect by default, or an HTTP GET whose status is below
 * 500 when the template names a path. Short timeouts: the reconciler asks again soon.
 */
@Component
public class ReadinessProbe {
  private static final int TIMEOUT_MS = 500;

  public boolean ready(Endpoint endpoint, String httpPath) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), TIMEOUT_MS);
      if (httpPath == null) {
        return true;
      }
      socket.setSoTimeout(TIMEOUT_MS * 4);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + httpPath + " HTTP/1.0\r\nHost: " + endpoint.host() + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return statusBelow500(socket.getInputStream());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean statusBelow500(InputStream in) throws IOException {
    byte[] head = in.readNBytes(12);
    String line = new String(head, StandardCharsets.US_ASCII);
    if (!line.startsWith("HTTP/") || line.length() < 12) {
      return false;
    }
    int status = Integer.parseInt(line.substring(9, 12));
    return status < 500;
  }
}
