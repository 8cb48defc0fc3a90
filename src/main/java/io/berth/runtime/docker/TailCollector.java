package io.berth.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;

/** Keeps the last bytes of a container's output. */
final class TailCollector extends ResultCallback.Adapter<Frame> {
  private final int maxBytes;
  private final StringBuilder text = new StringBuilder();

  TailCollector(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void onNext(Frame frame) {
    synchronized (text) {
      text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      if (text.length() > maxBytes * 2) {
        text.delete(0, text.length() - maxBytes);
      }
    }
  }

  String text() {
    synchronized (text) {
      return text.length() > maxBytes ? text.substring(text.length() - maxBytes) : text.toString();
    }
  }
}
