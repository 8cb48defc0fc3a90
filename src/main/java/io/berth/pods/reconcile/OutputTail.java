package io.berth.pods.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last {@code limit} bytes of a container's output not saved yet. Older bytes are dropped as
 * new ones come (only the end of the output is kept), in amortised constant time. A UTF-8 sequence
 * split between two pieces is decoded whole once its rest arrives.
 */
final class OutputTail {
  private final int limit;
  private byte[] bytes = new byte[0];
  private int length;

  OutputTail(int limit) {
    this.limit = limit;
  }

  synchronized void append(byte[] piece) {
    if (piece.length >= limit) {
      bytes = Arrays.copyOfRange(piece, piece.length - limit, piece.length);
      length = limit;
      return;
    }
    if (length + piece.length > 2 * limit) {
      // keep the last (limit - piece) bytes: at most one copy per `limit` bytes appended
      int keep = limit - piece.length;
      System.arraycopy(bytes, length - keep, bytes, 0, keep);
      length = keep;
    }
    if (length + piece.length > bytes.length) {
      int capacity = Math.min(2 * limit, Math.max(8192, 2 * (length + piece.length)));
      bytes = Arrays.copyOf(bytes, capacity);
    }
    System.arraycopy(piece, 0, bytes, length, piece.length);
    length += piece.length;
  }

  /**
   * Takes what is held as text, but for the last {@code limit} bytes and a split last character.
   */
  synchronized String take() {
    int start = Math.max(0, length - limit);
    int end = Math.max(start, completeEnd());
    String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    int rest = length - end;
    System.arraycopy(bytes, end, bytes, 0, rest);
    length = rest;
    if (length == 0 && bytes.length > 8192) {
      bytes = new byte[0]; // a quiet pod holds no memory
    }
    return text;
  }

  /** Where the held bytes stop being whole UTF-8: before a lead byte still missing its rest. */
  private int completeEnd() {
    for (int back = 1; back <= Math.min(3, length); back++) {
      int b = bytes[length - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue; // a continuation byte: look further back for its lead
      }
      int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return size > back ? length - back : length;
    }
    return length;
  }
}
