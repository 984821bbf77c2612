package dev.trawl.collector.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriDecoderTest {
  record Valid(String line, String timestamp, CriLine.Stream stream, boolean partial, String body) {}

  @Test
  void decodesRuntimeLines() {
    List<Valid> rows = List.of(
        new Valid("2026-11-23T12:00:00.123456789Z stdout F hello world", "2026-11-23T12:00:00.123456789Z",
            CriLine.Stream.STDOUT, false, "hello world"),
        new Valid("2026-11-23T12:00:00.1Z stderr P first part ", "2026-11-23T12:00:00.1Z", CriLine.Stream.STDERR, true,
            "first part "),
        new Valid("2016-10-06T00:17:09.669794202Z stdout F ", "2016-10-06T00:17:09.669794202Z", CriLine.Stream.STDOUT,
            false, ""),
        new Valid("2016-10-06T00:17:09.669794202Z stdout F", "2016-10-06T00:17:09.669794202Z", CriLine.Stream.STDOUT,
            false, ""),
        new Valid("2026-11-23T12:00:00+01:00 stdout F with offset", "2026-11-23T12:00:00+01:00", CriLine.Stream.STDOUT,
            false, "with offset"),
        new Valid("2026-11-23T12:00:00Z stdout F:extra tagged", "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT, false,
            "tagged"),
        new Valid("2026-11-23T12:00:00Z stdout F  two  spaces kept\r", "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT,
            false, " two  spaces kept\r"));
    for (Valid row : rows) {
      byte[] b = row.line().getBytes(StandardCharsets.UTF_8);
      CriLine out = new CriLine();
      assertEquals(true, CriDecoder.decode(b, 0, b.length, out), row.line());
      assertEquals(row.timestamp(), new String(b, out.timestampStart(), out.timestampLength(), StandardCharsets.UTF_8));
      assertEquals(row.stream(), out.stream(), row.line());
      assertEquals(row.partial(), out.partial(), row.line());
      assertEquals(row.body(), new String(b, out.bodyStart(), out.bodyLength(), StandardCharsets.UTF_8), row.line());
    }
  }

  @Test
  void rejectsLinesWithoutAValidPrefix() {
    for (String line : List.of("", "plain text from a docker json file", "2026-11-23T12:00:00Z stdout",
        "2026-11-23T12:00:00Z stdin F body", "2026-11-23 12:00:00 stdout F body", "2026-11-23T12:00:00Z stdout X body",
        "2026-11-23T12:00:00.1234567890Z stdout F ten fraction digits", "2026-11-23T12:00:00Z stdout FF body",
        "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}", "2026-13-23T1Z stdout F x")) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertEquals(false, CriDecoder.decode(b, 0, b.length, new CriLine()), line);
    }
  }

  @Test
  void decodesInsideALargerBuffer() {
    byte[] b = "garbage|2026-11-23T12:00:00Z stderr F inner|trailing".getBytes(StandardCharsets.UTF_8);
    CriLine out = new CriLine();
    int start = 8;
    int len = "2026-11-23T12:00:00Z stderr F inner".length();
    assertEquals(true, CriDecoder.decode(b, start, len, out));
    assertEquals("inner", new String(b, out.bodyStart(), out.bodyLength(), StandardCharsets.UTF_8));
  }
}
