package io.berth.runtime.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;

/** How Docker's and Podman's error answers are read. */
final class EngineErrors {
  private EngineErrors() {}

  /**
   * Docker answers 404 for a container removed meanwhile; Podman sometimes 500 "no such container".
   */
  static boolean isGone(DockerException e) {
    return e instanceof NotFoundException
        || (e.getMessage() != null && e.getMessage().contains("no such container"));
  }

  static boolean isConnectionProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  static String reason(DockerException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int brace = message.indexOf("{\"");
    if (brace >= 0 && message.contains("\"message\":\"")) {
      int start = message.indexOf("\"message\":\"") + 11;
      int end = message.indexOf('"', start);
      if (end > start) {
        return message.substring(start, end);
      }
    }
    return message.strip();
  }
}
