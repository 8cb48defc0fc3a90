package io.berth.runtime.docker;

import io.berth.runtime.TimestampedOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the engine's multiplexed output stream (per message an 8-byte header: the stream, three
 * zero bytes, the payload's size big-endian; then the payload) message by message. docker-java's
 * decoder hands on a frame per read of at most 1,024 bytes, so a longer message, or one a short
 * read cut, came as several frames; taken as messages of their own, the pieces after the first have
 * no time, and were saved again after every re-read of their second (seen: a piece of a line after
 * a stopped pod's last line). Here a message ends only where its header says. A container with a
 * terminal has a raw stream (no headers): its bytes are passed on as they come.
 */
final class MultiplexedOutput {
  private static final int PIECE = 64 * 1024;

  private MultiplexedOutput() {}

  /**
   * Passes the stream's stdout and stderr messages to {@code output}, each ended as a message, and
   * runs {@code afterEach} after each message (or each raw piece) until the stream ends.
   */
  static void read(InputStream in, TimestampedOutput output, Runnable afterEach)
      throws IOException {
    byte[] header = new byte[8];
    byte[] piece = new byte[PIECE];
    while (true) {
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first > 2) {
        output.accept(new byte[] {(byte) first});
        raw(in, output, afterEach, piece);
        return;
      }
      header[0] = (byte) first;
      if (in.readNBytes(header, 1, 7) < 7) {
        throw new EOFException("the engine's output stream ended inside a message header");
      }
      long size =
          ((header[4] & 0xFFL) << 24)
              | ((header[5] & 0xFFL) << 16)
              | ((header[6] & 0xFFL) << 8)
              | (header[7] & 0xFFL);
      boolean kept = first != 0; // stdin is never output
      while (size > 0) {
        int n = in.read(piece, 0, (int) Math.min(piece.length, size));
        if (n < 0) {
          throw new EOFException("the engine's output stream ended inside a message");
        }
        if (kept) {
          output.accept(piece, 0, n);
        }
        size -= n;
      }
      if (kept) {
        output.end();
        afterEach.run();
      }
    }
  }

  private static void raw(
      InputStream in, TimestampedOutput output, Runnable afterEach, byte[] piece)
      throws IOException {
    afterEach.run();
    int n;
    while ((n = in.read(piece)) >= 0) {
      output.accept(piece, 0, n);
      afterEach.run();
    }
  }
}
