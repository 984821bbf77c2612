package dev.trawl.collector.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteSearchTest {

  private static int naive(byte[] b, int from, int end, byte target) {
    for (int i = from; i < end; i++) {
      if (b[i] == target) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstMatchAsAByteByByteSearchWould() {
    SplittableRandom random = new SplittableRandom(7);
    // bytes next to the target in value (0x09, 0x0b, 0x8a for '\n'; 0x1f, 0x21, 0xa0 for ' ') and runs of targets
    // are what a word-at-a-time search gets wrong
    byte[] alphabet = {'\n', 0x09, 0x0b, (byte) 0x8a, ' ', 0x1f, 0x21, (byte) 0xa0, (byte) 0xff, 0, 'a'};
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(1, 40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
      }
      int from = random.nextInt(b.length);
      int end = random.nextInt(from, b.length + 1);
      byte target = random.nextBoolean() ? (byte) '\n' : (byte) ' ';
      assertEquals(naive(b, from, end, target), ByteSearch.indexOf(b, from, end, target),
          () -> java.util.Arrays.toString(b) + " from " + from + " to " + end + " for " + target);
    }
  }
}
