package io.berth.pods.reconcile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutputTailTest {

  @Test
  void keepsTheLastBytesWhateverThePieces() {
    OutputTail tail = new OutputTail(10);
    for (char c = 'a'; c <= 'z'; c++) {
      tail.append(new byte[] {(byte) c});
    }
    assertThat(tail.take()).isEqualTo("qrstuvwxyz");
    assertThat(tail.take()).isEmpty();
    tail.append("0123456789abcdef".getBytes(UTF_8));
    assertThat(tail.take()).isEqualTo("6789abcdef");
    tail.append("abc".getBytes(UTF_8));
    tail.append("defghijklm".getBytes(UTF_8));
    assertThat(tail.take()).isEqualTo("defghijklm");
  }

  @Test
  void aCharacterSplitBetweenPiecesIsDecodedWholeOnceItsRestCame() {
    byte[] euro = "€".getBytes(UTF_8); // three bytes
    OutputTail tail = new OutputTail(100);
    tail.append("price: ".getBytes(UTF_8));
    tail.append(Arrays.copyOfRange(euro, 0, 2));
    assertThat(tail.take()).isEqualTo("price: ");
    tail.append(Arrays.copyOfRange(euro, 2, 3));
    tail.append("5".getBytes(UTF_8));
    assertThat(tail.take()).isEqualTo("€5");
  }

  @Test
  void aPartialLastLineIsKept() {
    OutputTail tail = new OutputTail(100);
    tail.append("line\nno newline".getBytes(UTF_8));
    assertThat(tail.take()).isEqualTo("line\nno newline");
  }
}
