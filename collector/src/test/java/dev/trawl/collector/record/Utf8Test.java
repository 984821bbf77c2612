package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void acceptsWellFormedText() {
    for (String s : new String[] {"", "ascii", "grüße", "日本語", "emoji 😀", "\u0000nul"}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertEquals(true, Utf8.isValid(b, 0, b.length), s);
    }
  }

  @Test
  void rejectsMalformedSequences() {
    byte[][] bad = {bytes(0xff), bytes(0xc3), bytes(0xc0, 0x80), bytes(0xe0, 0x80, 0x80), bytes(0xed, 0xa0, 0x80),
        bytes(0xf4, 0x90, 0x80, 0x80), bytes('a', 0x80), bytes(0xe6, 0x97)};
    for (byte[] b : bad) {
      assertEquals(false, Utf8.isValid(b, 0, b.length), java.util.Arrays.toString(b));
    }
  }

  @Test
  void escapesOnlyTheBadBytes() {
    byte[] b = bytes('o', 'k', 0xff, ' ', 0xc3, 0xbc, 0xe6, 0x97);
    assertEquals("ok\\xFF ü\\xE6\\x97", Utf8.escapeInvalid(b, 0, b.length));
  }

  @Test
  void findsABadByteAnywhereInALongAsciiRunAndNothingOutsideItsRange() {
    for (int at = 0; at < 41; at++) {
      byte[] b = "0123456789abcdefghijklmnopqrstuvwxyz-----".getBytes(StandardCharsets.US_ASCII);
      b[at] = (byte) 0xff;
      assertEquals(false, Utf8.isValid(b, 0, b.length), "bad byte at " + at);
      assertEquals(true, Utf8.isValid(b, 0, at), "the text before it, up to " + at);
      assertEquals(true, Utf8.isValid(b, at + 1, b.length - at - 1), "the text after it, from " + (at + 1));
    }
  }
}
