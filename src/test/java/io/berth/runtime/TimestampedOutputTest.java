package io.berth.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampedOutputTest {

  static OutputChunk read(OutputCursor from, String... messages) {
    TimestampedOutput output = new TimestampedOutput(from);
    for (String m : messages) {
      output.acceptMessage(m.getBytes(UTF_8));
    }
    output.end();
    return output.take();
  }

  @Test
  void linesOfTheLastSecondComingAgainArePassedOnOnce() {
    OutputChunk first =
        read(OutputCursor.START, "2026-01-01T00:00:00Z a\n", "2026-01-01T00:00:01Z b\n");
    assertThat(first.text()).isEqualTo("a\nb\n");
    assertThat(TimestampedOutput.sinceSecond(first.next())).isEqualTo(1767225601L);
    // asked since that second: b again, then what is new in the same second and after
    OutputChunk second =
        read(
            first.next(),
            "2026-01-01T00:00:01Z b\n",
            "2026-01-01T00:00:01Z b\n",
            "2026-01-01T00:00:02Z c\n");
    assertThat(second.text()).isEqualTo("b\nc\n");
    assertThat(read(second.next(), "2026-01-01T00:00:02Z c\n").text()).isEmpty();
    assertThat(second.received()).isEqualTo(3 * 23);
  }

  @Test
  void piecesOfALineArePassedOnOnceEachAsPodmanSendsThem() {
    // Podman stores output without its newline as a piece with its own time, sent as its own
    // message
    OutputChunk first =
        read(OutputCursor.START, "2026-01-01T00:00:00Z a\n", "2026-01-01T00:00:00Z wai");
    assertThat(first.text()).isEqualTo("a\nwai");
    OutputChunk grown =
        read(
            first.next(),
            "2026-01-01T00:00:00Z a\n",
            "2026-01-01T00:00:00Z wai",
            "2026-01-01T00:00:00Z ting");
    assertThat(grown.text()).isEqualTo("ting");
    OutputChunk done =
        read(
            grown.next(),
            "2026-01-01T00:00:00Z a\n",
            "2026-01-01T00:00:00Z wai",
            "2026-01-01T00:00:00Z ting",
            "2026-01-01T00:00:03Z : done\n");
    assertThat(done.text()).isEqualTo(": done\n");
    assertThat(first.text() + grown.text() + done.text()).isEqualTo("a\nwaiting: done\n");
  }

  @Test
  void progressDotsAreAllKept() {
    OutputChunk first =
        read(OutputCursor.START, "2026-01-01T00:00:00Z .", "2026-01-01T00:00:00Z .");
    OutputChunk second =
        read(
            first.next(),
            "2026-01-01T00:00:00Z .",
            "2026-01-01T00:00:00Z .",
            "2026-01-01T00:00:00Z .",
            "2026-01-01T00:00:01Z .\n");
    assertThat(first.text() + second.text()).isEqualTo("....\n");
  }

  @Test
  void aStreamCutAnywhereAndNanosecondTimesReadTheSame() {
    TimestampedOutput stream = new TimestampedOutput(OutputCursor.START);
    String text = "2026-01-01T00:00:00.100000000Z x\n2026-01-01T00:00:00.200000000Z y\n";
    for (byte b : text.getBytes(UTF_8)) {
      stream.accept(new byte[] {b});
    }
    OutputChunk chunk = stream.take();
    assertThat(chunk.text()).isEqualTo("x\ny\n");
    assertThat(read(chunk.next(), text.split("(?<=\n)")).text()).isEmpty();
  }

  @Test
  void onlyTheGivenRangeOfAReadersBufferIsTaken() {
    TimestampedOutput stream = new TimestampedOutput(OutputCursor.START);
    byte[] buffer = "junk2026-01-01T00:00:00Z x\n2026-01-01T00:00:01Z yjunk".getBytes(UTF_8);
    stream.accept(buffer, 4, buffer.length - 8);
    stream.end();
    OutputChunk chunk = stream.take();
    assertThat(chunk.text()).isEqualTo("x\ny");
    assertThat(chunk.received()).isEqualTo(buffer.length - 8);
  }
}
