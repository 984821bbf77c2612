package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.cri.CriDecoder;
import dev.trawl.collector.cri.CriLine;
import dev.trawl.collector.cri.DockerJsonDecoder;
import dev.trawl.collector.cri.JoinedLine;
import dev.trawl.collector.cri.PartialJoiner;
import dev.trawl.collector.kube.PodPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import dev.trawl.testing.Mutations;
import org.junit.jupiter.api.Test;

/**
 * Hostile container output through the collector's per-line path — CRI and docker json-file
 * decoding, partial-line joining, JSON, logfmt and level parsing, the record writer — from a seeded random generator: valid lines
 * mutated and spliced with deep JSON, huge numbers, invalid UTF-8, NUL bytes and lone surrogates.
 * Every line must become one valid JSON record with a parseable time, a malformed one flagged, and
 * no joined line may outgrow its cap. A failure prints the seed and the line.
 */
class HostileLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("trawl.fuzz.seed", 20261123L);
  private static final int CASES = Integer.getInteger("trawl.fuzz.cases", 20_000);
  private static final int MAX_LINE = 4096;
  private static final List<String> CRI_LINES = List.of(
      "2026-11-23T12:00:00.123456789Z stdout F GET /api/cart answered 200 in 12 ms",
      "2026-11-23T12:00:00.1Z stderr F {\"level\":\"error\",\"msg\":\"payment failed\",\"trace_id\":\"abc\",\"amount\":12.5}",
      "2026-11-23T12:00:00+02:00 stdout P {\"severity\":\"WARNING\",\"message\":\"first half ",
      "2026-11-23T12:00:00.000000001Z stdout F W1123 12:00:00.000000       1 sync.go:280] synced",
      "2026-11-23T12:00:00Z stderr F [warn] disk almost full",
      "2026-11-23T12:00:00Z stdout F level=info msg=\"order \\\"placed\\\"\" order_id=42 trace_id=abc",
      "2026-11-23T12:00:00.5Z stdout F {\"log\":{\"nested\":[1,2,{\"deep\":true}]},\"lvl\":3}");
  private static final List<String> DOCKER_LINES = List.of(
      "{\"log\":\"GET /api/cart answered 200 in 12 ms\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00.123456789Z\"}",
      "{\"log\":\"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"caf\\u00e9\\\"}\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-23T12:00:00.1Z\"}",
      "{\"log\":\"first 16K part \",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00Z\"}",
      "{\"log\":\"level=warn msg=\\\"slow \\\\\\\"query\\\\\\\"\\\" ms=900\\n\",\"stream\":\"stdout\",\"attrs\":{\"tag\":\"a\"},\"time\":\"2026-11-23T12:00:00Z\"}");
  private static final List<String> NASTY = List.of("{\"a\":".repeat(200), "[".repeat(2000), "1e999999",
      "123456789012345678901234567890123456789", "\\u0000", "\\ud800", "\"\\udfff\"", "\u0000", "\t", "\r", " P ", " F ",
      "=", "\"", "\\", "a=\"", " x= ", "\\\"",
      "{\"level\":{\"x\":1}}", "{\"msg\":null,\"level\":[]}", "{\"level\":\"" + "E".repeat(5000) + "\"}");

  @Test
  void everyMutatedCriLineBecomesOneValidRecord() throws Exception {
    fuzz(CRI_LINES, CriDecoder::decode);
  }

  @Test
  void everyMutatedDockerLineBecomesOneValidRecord() throws Exception {
    fuzz(DOCKER_LINES, new DockerJsonDecoder()::decode);
  }

  private interface Decoder {
    boolean decode(byte[] buf, int off, int len, CriLine out);
  }

  /** Each case also rotates through the body parsers, so every parser meets every mutation. */
  private static void fuzz(List<String> lines, Decoder decoder) throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] tail = LogDocument.tail("/var/log/pods/x/0.log", KubernetesFields.render(new PodPath("shop", "cart-1", "uid-1", "cart"), null, Map.of(), "node-1"));
    BodyParser[] parsers = BodyParser.values();
    LogDocument doc = new LogDocument();
    CriLine line = new CriLine();
    PartialJoiner joiner = new PartialJoiner(MAX_LINE);
    for (int i = 0; i < CASES; i++) {
      byte[] buf = Mutations.mutate(lines.get(random.nextInt(lines.size())).getBytes(StandardCharsets.UTF_8), random, NASTY, 0);
      BodyParser parser = parsers[i % parsers.length];
      String shown = "case " + i + " (seed " + SEED + ", parser " + parser + "): " + new String(buf, StandardCharsets.ISO_8859_1);
      if (!decoder.decode(buf, 0, buf.length, line)) {
        byte[] now = Instant.now().toString().getBytes(StandardCharsets.US_ASCII);
        doc.write(now, 0, now.length, buf, 0, buf.length, "stdout", parser, LogDocument.MALFORMED);
        JsonNode record = check(doc, i, tail, shown);
        assertTrue(record.path("log").path("flags").toString().contains("malformed"), shown);
        continue;
      }
      byte[] src = line.source();
      if (line.partial() || joiner.pending()) {
        joiner.add(line, i);
        if (joiner.pending()) {
          continue;
        }
        JoinedLine joined = joiner.joined();
        assertTrue(joined.length() <= MAX_LINE, "a joined line within its cap: " + joined.length() + " " + shown);
        doc.write(joined.timestamp(), 0, joined.timestampLength(), joined.body(), 0, joined.length(), line.stream().label(),
            parser, LogDocument.PARTIAL);
        check(doc, joined.firstOffset(), tail, shown);
      } else {
        doc.write(src, line.timestampStart(), line.timestampLength(), src, line.bodyStart(), line.bodyLength(),
            line.stream().label(), parser, 0);
        check(doc, i, tail, shown);
      }
    }
  }

  private static JsonNode check(LogDocument doc, long offset, byte[] tail, String shown) {
    JsonNode record;
    try {
      record = JSON.readTree(Rendered.json(doc, offset, tail));
    } catch (java.io.IOException e) {
      throw new AssertionError("not one JSON record: " + e.getMessage() + "\n" + shown, e);
    }
    assertTrue(record.path("message").isTextual(), shown);
    String ts = record.path("@timestamp").asText();
    assertTrue(ts.length() >= 20 && Character.isDigit(ts.charAt(0)), "a time the indexer reads: " + ts + " " + shown);
    assertTrue(doc.length() < 64 * 1024, "a bounded record: " + doc.length() + " bytes " + shown);
    return record;
  }


}
