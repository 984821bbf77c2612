package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonOutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String text(JsonOut out) {
    return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
  }

  @Test
  void escapesQuotesBackslashesAndEveryControlCharacterAndNothingElse() {
    JsonOut out = new JsonOut();
    byte[] input = "a\"b\\c\n\r\t\b\f\u0000\u001f\u007f/é€😀".getBytes(StandardCharsets.UTF_8);
    out.string(input, 0, input.length);
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\u007f/é€😀\"", text(out));
    out.reset();
    out.string("a\"b\\c\n\u0001é😀");
    assertEquals("\"a\\\"b\\\\c\\n\\u0001é😀\"", text(out));
  }

  @Test
  void everyByteIsEscapedAlikeAtEveryPlaceInAndAcrossEightByteChunks() {
    JsonOut out = new JsonOut();
    for (int c = 0; c < 256; c++) {
      for (int at = 0; at < 24; at++) {
        for (int len = at + 1; len <= 26; len += 5) {
          byte[] text = new byte[len];
          Arrays.fill(text, (byte) 'a');
          text[at] = (byte) c;
          out.reset();
          out.string(text, 0, len);
          assertEquals(reference(text), new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1),
              "byte " + c + " at " + at + " of " + len);
        }
      }
    }
  }

  /** Byte by byte, as RFC 8259 spells it out. */
  private static String reference(byte[] text) {
    StringBuilder s = new StringBuilder("\"");
    for (byte b : text) {
      int c = b & 0xff;
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '\b' -> s.append("\\b");
        case '\f' -> s.append("\\f");
        default -> s.append(c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c));
      }
    }
    return s.append('"').toString();
  }

  @Test
  void randomTextRoundTripsThroughAJsonParser() throws Exception {
    Random random = new Random(7);
    JsonOut out = new JsonOut();
    for (int round = 0; round < 5_000; round++) {
      StringBuilder s = new StringBuilder();
      int len = random.nextInt(40);
      for (int i = 0; i < len; i++) {
        s.appendCodePoint(switch (random.nextInt(4)) {
          case 0 -> random.nextInt(0x20);
          case 1 -> "\"\\/".charAt(random.nextInt(3));
          case 2 -> 0x20 + random.nextInt(0x60);
          default -> 0xa0 + random.nextInt(0x10000 - 0xa0 - 0x800) + (random.nextBoolean() ? 0 : 0x10000);
        });
      }
      String expected = s.toString().replaceAll("[\\ud800-\\udfff]", "");
      out.reset();
      byte[] utf8 = expected.getBytes(StandardCharsets.UTF_8);
      out.raw((byte) '[').string(utf8, 0, utf8.length).raw((byte) ',').string(expected).raw((byte) ']');
      var parsed = JSON.readTree(out.array(), 0, out.size());
      assertEquals(expected, parsed.get(0).asText());
      assertEquals(expected, parsed.get(1).asText());
    }
  }

  private static String digits(long v) {
    byte[] out = new byte[24];
    int end = JsonOut.digits(v, out, 2);
    assertEquals(JsonOut.digitCount(v), end - 2);
    return new String(out, 2, end - 2, java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void writesOffsetsAsJavaDoes() {
    for (long v : new long[] {0, 1, 9, 10, 99, 100, 1234567890123L, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE}) {
      assertEquals(Long.toString(v), digits(v));
    }
    for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
      for (long v : new long[] {power - 1, power, power + 1, power * 10 - 1}) {
        assertEquals(Long.toString(v), digits(v), "every digit count, both sides of each power of ten");
      }
    }
    byte[] out = new byte[8];
    assertEquals(5, JsonOut.padded(7, 4, out, 1));
    assertEquals("0007", new String(out, 1, 4, java.nio.charset.StandardCharsets.US_ASCII), "zeros in front");
  }

  @Test
  void growsPastItsFirstBuffer() {
    JsonOut out = new JsonOut();
    String big = "x".repeat(100_000);
    out.string(big);
    assertEquals(100_002, out.size());
  }
}
