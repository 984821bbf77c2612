package dev.trawl.collector.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerJsonDecoderTest {
  record Valid(String line, String timestamp, CriLine.Stream stream, boolean partial, String body) {}

  private final DockerJsonDecoder decoder = new DockerJsonDecoder();

  @Test
  void decodesDockerdRecords() {
    List<Valid> rows = List.of(
        new Valid("{\"log\":\"2019/10/16 15:04:05 Starting server on :8080\\n\",\"stream\":\"stderr\","
            + "\"time\":\"2019-10-16T15:04:05.123456789Z\"}", "2019-10-16T15:04:05.123456789Z", CriLine.Stream.STDERR,
            false, "2019/10/16 15:04:05 Starting server on :8080"),
        new Valid("{\"log\":\"\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00.1Z\"}", "2026-11-23T12:00:00.1Z",
            CriLine.Stream.STDOUT, false, ""),
        new Valid("{\"log\":\"first 16K of a long line\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}",
            "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT, true, "first 16K of a long line"),
        new Valid("{\"log\":\"{\\\"level\\\":\\\"info\\\",\\\"msg\\\":\\\"a \\\\\\\"quoted\\\\\\\" word\\\"}\\r\\n\","
            + "\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}", "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT,
            false, "{\"level\":\"info\",\"msg\":\"a \\\"quoted\\\" word\"}\r"),
        new Valid("{\"log\":\"caf\\u00e9 \\ud83d\\ude00 \\u003cb\\u003e \\ud800 tab\\there\\n\",\"stream\":\"stdout\","
            + "\"time\":\"2026-11-23T12:00:00Z\"}", "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT, false,
            "café \uD83D\uDE00 <b> \uFFFD tab\there"),
        new Valid("{\"log\":\"tagged\\n\",\"stream\":\"stdout\",\"attrs\":{\"tag\":\"web\",\"n\":[1,{\"x\":null}]},"
            + "\"time\":\"2026-11-23T12:00:00Z\"}", "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT, false, "tagged"),
        new Valid("{ \"time\" : \"2026-11-23T12:00:00Z\" , \"stream\":\"stdout\", \"log\":\"order free\\n\" }",
            "2026-11-23T12:00:00Z", CriLine.Stream.STDOUT, false, "order free"));
    for (Valid row : rows) {
      byte[] b = row.line().getBytes(StandardCharsets.UTF_8);
      CriLine out = new CriLine();
      assertEquals(true, decoder.decode(b, 0, b.length, out), row.line());
      byte[] src = out.source();
      assertEquals(row.timestamp(), new String(src, out.timestampStart(), out.timestampLength(), StandardCharsets.UTF_8));
      assertEquals(row.stream(), out.stream(), row.line());
      assertEquals(row.partial(), out.partial(), row.line());
      assertEquals(row.body(), new String(src, out.bodyStart(), out.bodyLength(), StandardCharsets.UTF_8), row.line());
    }
  }

  @Test
  void rejectsWhatIsNotAJsonFileRecord() {
    for (String line : List.of("", "{}", "2026-11-23T12:00:00Z stdout F cri line",
        "{\"log\":\"x\\n\",\"stream\":\"stdout\"}", "{\"log\":\"x\\n\",\"time\":\"2026-11-23T12:00:00Z\"}",
        "{\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}",
        "{\"log\":\"x\\n\",\"stream\":\"stdin\",\"time\":\"2026-11-23T12:00:00Z\"}",
        "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"yesterday\"}",
        "{\"log\":\"bad \\q escape\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}",
        "{\"log\":\"bad \\u12 escape\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}",
        "{\"log\":\"unterminated,\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"",
        "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"} trailing",
        "{\"log\":\"cut at the line limit\\n\",\"stream\":\"stdout\",\"ti")) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertEquals(false, decoder.decode(b, 0, b.length, new CriLine()), line);
    }
  }

  @Test
  void joinsTheLinesDockerdSplitAt16KiB() {
    PartialJoiner joiner = new PartialJoiner(1 << 20);
    String first = "a".repeat(16384);
    CriLine line = new CriLine();
    for (String record : List.of(
        "{\"log\":\"" + first + "\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00.1Z\"}",
        "{\"log\":\"tail end\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00.2Z\"}")) {
      byte[] b = record.getBytes(StandardCharsets.UTF_8);
      assertEquals(true, decoder.decode(b, 0, b.length, line));
      joiner.add(line, 0);
    }
    assertEquals(false, joiner.pending());
    JoinedLine joined = joiner.joined();
    assertEquals(first + "tail end", new String(joined.body(), 0, joined.length(), StandardCharsets.UTF_8));
    assertEquals("2026-11-23T12:00:00.1Z", new String(joined.timestamp(), 0, joined.timestampLength(), StandardCharsets.UTF_8));
  }
}
