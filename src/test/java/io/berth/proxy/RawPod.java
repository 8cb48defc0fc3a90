package io.berth.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A pod that speaks raw bytes, for answers no well-behaved server gives: for each request head it
 * reads it writes what {@code answer} returns, then closes the connection or waits for the next
 * request on it. Everything it read is kept, to show what reached it and what did not.
 */
final class RawPod implements AutoCloseable {
  private final ServerSocket server;
  private final StringBuffer received = new StringBuffer();

  RawPod(Function<String, String> answer, boolean closeAfterAnswer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(() -> {
          while (!server.isClosed()) {
            try {
              Socket connection = server.accept();
              Thread.ofVirtual().start(() -> serve(connection, answer, closeAfterAnswer));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private void serve(Socket connection, Function<String, String> answer, boolean closeAfter) {
    try (connection) {
      InputStream in = connection.getInputStream();
      for (String head; (head = head(in)) != null; ) {
        received.append(head);
        connection
            .getOutputStream()
            .write(answer.apply(head).getBytes(StandardCharsets.ISO_8859_1));
        connection.getOutputStream().flush();
        if (closeAfter) {
          return;
        }
      }
    } catch (IOException e) {
      // the proxy went away
    }
  }

  /** One request head up to its blank line, or null at the end of the stream. */
  private String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        return text;
      }
    }
    if (head.size() > 0) {
      received.append(head.toString(StandardCharsets.ISO_8859_1));
    }
    return null;
  }

  int port() {
    return server.getLocalPort();
  }

  String received() {
    return received.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
