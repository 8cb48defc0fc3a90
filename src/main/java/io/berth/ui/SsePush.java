package io.berth.ui;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A status stream's events as server-sent events on the page's connection. */
record SsePush(SseEmitter emitter) implements StatusStreams.Push {

  /** An emitter that outlives the stream's own lifetime, which ends it first. */
  static SsePush open() {
    return new SsePush(new SseEmitter(StatusStreams.LIFETIME.plusMinutes(1).toMillis()));
  }

  @Override
  public void send(String event, Object data) throws IOException {
    emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
  }

  @Override
  public void heartbeat() throws IOException {
    emitter.send(SseEmitter.event().comment("still here"));
  }

  @Override
  public void complete() {
    emitter.complete();
  }
}
