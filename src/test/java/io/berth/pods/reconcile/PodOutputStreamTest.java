package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.berth.runtime.ContainerState;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A followed container's stream is closed when the pod stops, but its thread may still deliver what
 * it had: that must not land after the final read (PodOutputIT on PostgreSQL saw a second of lines
 * again after the output's last line).
 */
class PodOutputStreamTest {
  static final PodKey KEY = new PodKey("t", "chatty");
  final FakeClock clock = new FakeClock();
  final MeteredRuntime runtime = mock(MeteredRuntime.class);
  final ObservedStateStore store = mock(ObservedStateStore.class);
  final ReconcilerProperties properties = mock(ReconcilerProperties.class);
  final ObservedPod container =
      new ObservedPod(
          KEY, 1, "c1", ContainerState.RUNNING, null, false, null, null, null, Map.of(), List.of());

  static OutputChunk chunk(String text, int second) {
    return new OutputChunk(text, new OutputCursor(Instant.ofEpochSecond(second), 1), text.length());
  }

  @Test
  void whatAStoppedStreamStillDeliversIsNotSavedAfterTheEnd() {
    when(properties.logTailBytes()).thenReturn(1 << 20);
    when(properties.logSaveInterval()).thenReturn(Duration.ofSeconds(1));
    AtomicReference<OutputSink> stream = new AtomicReference<>();
    when(runtime.followOutput(eq(container), any(), any()))
        .thenAnswer(call -> {
          stream.set(call.getArgument(2));
          return (io.berth.runtime.OutputFollower) () -> {}; // closing stops nothing at once
        });
    // big enough to be followed at once
    when(runtime.readOutput(eq(container), eq(OutputCursor.START)))
        .thenReturn(chunk("x".repeat((int) PodOutput.FOLLOW_ABOVE + 1) + "\n", 1));
    PodOutput output = new PodOutput(runtime, store, properties, clock);
    clock.advance(Duration.ofSeconds(1));
    output.keep(container); // read, saved, and followed from here on
    stream.get().output(chunk("line 1\n", 2));

    // the pod stops: the stream is closed, yet while the final read brings lines 2 and 3 and the
    // end, the stream's thread, behind, delivers line 2 as well
    when(runtime.readOutput(eq(container), eq(new OutputCursor(Instant.ofEpochSecond(2), 1))))
        .thenAnswer(call -> {
          stream.get().output(chunk("line 2\n", 3));
          return chunk("line 2\nline 3\nthe end", 3);
        });
    output.finish(KEY, container);

    // everything saved, in order: the output's end is its end, line 2 once
    ArgumentCaptor<String> saved = ArgumentCaptor.forClass(String.class);
    verify(store, atLeast(0)).saveLogs(eq("t"), eq("chatty"), saved.capture());
    verify(store, atLeast(0)).appendLogs(eq("t"), eq("chatty"), saved.capture(), anyInt());
    String all = String.join("", saved.getAllValues());
    assertThat(all.substring(all.length() - 40)).endsWith("x\nline 1\nline 2\nline 3\nthe end");
  }
}
