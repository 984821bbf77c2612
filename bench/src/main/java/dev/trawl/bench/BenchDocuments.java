package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic log documents for the indexer benchmarks, the same for every engine: {@code n}
 * records spread evenly over the 24 hours from 2026-11-23T00:00Z, each derived from its number
 * alone (so batches can be generated on the fly, in any order). About 1% of messages hold the
 * word {@code timeout}; exactly 20 hold the rare word {@code kraken}.
 */
final class BenchDocuments {
  static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
  static final long DAY_NANOS = 86_400_000_000_000L;
  static final String COMMON_WORD = "timeout";
  static final String RARE_WORD = "kraken";
  static final int RARE_COUNT = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] NAMESPACES = {"shop", "web", "data", "batch"};
  private static final String[] LEVELS = {"info", "info", "info", "debug", "warn", "error"};

  /** How a document's {@code _id} is made. */
  enum Ids {
    /** {@code id-0}, {@code id-1}, …: next to nothing to store. */
    SEQUENTIAL,
    /** 22 characters of URL-safe base64 of 16 bytes, as the collector's hashes: nothing to compress. */
    COLLECTOR
  }

  private final int n;
  private final Ids ids;

  BenchDocuments(int n) {
    this(n, Ids.SEQUENTIAL);
  }

  BenchDocuments(int n, Ids ids) {
    this.n = n;
    this.ids = ids;
  }

  String id(int i) {
    if (ids == Ids.SEQUENTIAL) {
      return "id-" + i;
    }
    SplittableRandom random = new SplittableRandom(i * 0xC2B2AE3D27D4EB4FL + 11);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong()).array());
  }

  int size() {
    return n;
  }

  Instant timestamp(int i) {
    return START.plusNanos(i * (DAY_NANOS / n));
  }

  byte[] source(int i) {
    SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 7);
    String ns = NAMESPACES[i % 4];
    String message;
    if (i % 100 == 37) {
      message = "upstream " + COMMON_WORD + " after " + random.nextInt(30_000) + " ms calling payment-" + random.nextInt(8);
    } else {
      message = "GET /api/items/" + random.nextInt(100000) + " answered " + (random.nextInt(20) == 0 ? 500 : 200)
          + " in " + random.nextInt(900) + " ms for user u-" + random.nextInt(5000) + " trace "
          + Long.toHexString(random.nextLong());
    }
    if (i % (n / RARE_COUNT) == 11) {
      message += " " + RARE_WORD + " sighted";
    }
    Map<String, Object> doc = Map.of(
        "@timestamp", timestamp(i).toString(),
        "message", message,
        "stream", i % 10 == 0 ? "stderr" : "stdout",
        "log", Map.of("level", LEVELS[random.nextInt(LEVELS.length)], "offset", (long) i * 160,
            "file", Map.of("path", "/var/log/pods/" + ns + "_app-" + (i % 50) + "_uid/app/0.log")),
        "kubernetes", Map.of("namespace", ns, "pod", Map.of("name", "app-" + (i % 50), "uid", "uid-" + (i % 50)),
            "container", Map.of("name", "app"), "node", Map.of("name", "node-1"),
            "labels", Map.of("app", "app-" + (i % 10))),
        "json", Map.of("duration_ms", random.nextInt(900)));
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Documents [from, to) as one {@code _bulk} body of {@code create} actions into {@code logs}. */
  byte[] bulkBody(int from, int to) {
    StringBuilder body = new StringBuilder();
    for (int i = from; i < to; i++) {
      body.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"").append(id(i)).append("\"}}\n")
          .append(new String(source(i), StandardCharsets.UTF_8)).append('\n');
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
