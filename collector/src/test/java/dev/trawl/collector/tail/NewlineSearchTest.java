package dev.trawl.collector.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NewlineSearchTest {

  private static int naive(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstNewlineAsAByteByByteSearchWould() {
    SplittableRandom random = new SplittableRandom(7);
    // bytes next to '\n' in value (0x09, 0x0b, 0x8a) and runs of newlines are what a word-at-a-time search gets wrong
    byte[] alphabet = {'\n', 0x09, 0x0b, (byte) 0x8a, (byte) 0xff, 0, 'a', ' '};
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(1, 40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
      }
      int from = random.nextInt(b.length);
      int end = random.nextInt(from, b.length + 1);
      assertEquals(naive(b, from, end), TailedFile.indexOfNewline(b, from, end),
          () -> java.util.Arrays.toString(b) + " from " + from + " to " + end);
    }
  }
}
