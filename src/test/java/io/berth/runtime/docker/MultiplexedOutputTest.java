package io.berth.runtime.docker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.TimestampedOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultiplexedOutputTest {
  static final String SECOND = "2026-12-07T07:00:00Z ";
  static final String LONG = "x".repeat(3000);

  @Test
  void aMessageEndsWhereItsHeaderSaysHoweverTheReadsCutIt() throws IOException {
    byte[] stream =
        frames(
            frame(1, SECOND + "first\n"),
            frame(2, SECOND + LONG + "\n"),
            frame(1, SECOND + "no newline"));
    OutputChunk all = read(new OneByteAtATime(stream), OutputCursor.START);
    assertThat(all.text()).isEqualTo("first\n" + LONG + "\nno newline");
    assertThat(all.next().linesAtLast()).isEqualTo(3);

    // the same second again (engines take "since" in whole seconds): nothing comes twice
    OutputChunk again = read(new OneByteAtATime(stream), all.next());
    assertThat(again.text()).isEmpty();
  }

  @Test
  void stdinIsNoOutputAndEachMessageIsHandedOnAsItEnds() throws IOException {
    byte[] stream =
        frames(frame(0, SECOND + "typed\n"), frame(1, SECOND + "a\n"), frame(2, SECOND + "b"));
    TimestampedOutput output = new TimestampedOutput(OutputCursor.START);
    StringBuilder handed = new StringBuilder();
    MultiplexedOutput.read(
        new ByteArrayInputStream(stream),
        output,
        () -> handed.append(output.take().text()).append('|'));
    assertThat(handed).hasToString("a\n|b|");
  }

  @Test
  void aTerminalsRawStreamIsPassedOnAsItComes() throws IOException {
    byte[] stream = (SECOND + "one\n" + SECOND + "two\n").getBytes(UTF_8);
    assertThat(read(new OneByteAtATime(stream), OutputCursor.START).text()).isEqualTo("one\ntwo\n");
  }

  @Test
  void aStreamCutInsideAMessageIsAFailure() {
    byte[] whole = frame(1, SECOND + "cut short\n");
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> read(new ByteArrayInputStream(cut), OutputCursor.START))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(
            () -> read(new ByteArrayInputStream(Arrays.copyOf(whole, 5)), OutputCursor.START))
        .isInstanceOf(EOFException.class);
  }

  static OutputChunk read(InputStream in, OutputCursor from) throws IOException {
    TimestampedOutput output = new TimestampedOutput(from);
    MultiplexedOutput.read(in, output, () -> {});
    output.end();
    return output.take();
  }

  static byte[] frame(int stream, String text) {
    byte[] payload = text.getBytes(UTF_8);
    byte[] frame = new byte[8 + payload.length];
    frame[0] = (byte) stream;
    frame[4] = (byte) (payload.length >>> 24);
    frame[5] = (byte) (payload.length >>> 16);
    frame[6] = (byte) (payload.length >>> 8);
    frame[7] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 8, payload.length);
    return frame;
  }

  static byte[] frames(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      all.writeBytes(frame);
    }
    return all.toByteArray();
  }

  /** A connection that hands over one byte per read, as a slow socket may. */
  static final class OneByteAtATime extends FilterInputStream {
    OneByteAtATime(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(1, len));
    }
  }
}
