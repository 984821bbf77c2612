package dev.trawl.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The documents every engine is loaded with, generated from a fixed seed, and the facts the
 * tests expect, computed here from the generated values (never by an engine). The six hours
 * from 2026-03-29T00:00Z span the switch to summer time in Europe/Berlin at 01:00Z.
 */
final class ContractData {
  static final Instant START = Instant.parse("2026-03-29T00:00:00Z");
  static final int COUNT = 3000;
  static final long STEP_MILLIS = 7_000;
  static final String RARE_WORD = "kraken";
  static final List<String> NAMESPACES = List.of("shop", "web", "data", "batch");
  static final List<String> LEVELS = List.of("info", "warn", "error", "debug");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One generated log record, as the fields the tests reason about. */
  record Doc(String id, Instant timestamp, String timestampText, String namespace, String pod, String container,
      String level, String stream, String message, int status, double durationMs, String traceId) {

    Map<String, Object> source() {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("@timestamp", timestampText);
      source.put("message", message);
      source.put("stream", stream);
      source.put("log", Map.of("level", level));
      source.put("kubernetes", Map.of("namespace", namespace, "pod", Map.of("name", pod),
          "container", Map.of("name", container),
          "labels", Map.of("app", namespace, "app.kubernetes.io/name", namespace + "-app")));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("status", status);
      json.put("duration_ms", durationMs);
      source.put("json", json);
      if (traceId != null) {
        source.put("trace", Map.of("id", traceId));
      }
      return source;
    }
  }

  static final List<Doc> DOCS = generate();

  private ContractData() {}

  private static List<Doc> generate() {
    Random random = new Random(20261123);
    List<Doc> docs = new ArrayList<>();
    String[] paths = {"/api/cart", "/api/orders", "/healthz", "/api/payment", "/static/app.js"};
    int[] statuses = {200, 200, 200, 201, 404, 500, 503};
    for (int i = 0; i < COUNT; i++) {
      long nanos = 123_456_789L % 1_000_000_000L + i;
      Instant ts = START.plusMillis(i * STEP_MILLIS).plusNanos(nanos % 1_000_000);
      String text = ts.toString();
      String namespace = NAMESPACES.get(weighted(random, 5, 3, 2, 1));
      String pod = namespace + "-" + random.nextInt(5);
      String container = random.nextInt(4) == 0 ? "sidecar" : "app";
      String level = LEVELS.get(weighted(random, 14, 3, 2, 1));
      int status = statuses[random.nextInt(statuses.length)];
      double duration = Math.round(random.nextDouble() * 5000) / 10.0;
      String message = switch (level) {
        case "error" -> random.nextBoolean() ? "payment failed for order " + random.nextInt(10_000) + ": timeout"
            : "upstream connection reset by peer";
        case "warn" -> "slow response from " + paths[random.nextInt(paths.length)] + " took " + duration + "ms";
        case "debug" -> "cache lookup key=user:" + random.nextInt(1000) + " hit=" + random.nextBoolean();
        default -> "GET " + paths[random.nextInt(paths.length)] + " " + status + " " + duration + "ms";
      };
      if (i % 150 == 7) {
        message = message + " " + RARE_WORD + " sighted";
      }
      String trace = random.nextInt(3) == 0 ? String.format("%032x", random.nextLong() & Long.MAX_VALUE) : null;
      docs.add(new Doc(String.format("doc-%05d", i), ts, text, namespace, pod, container, level,
          level.equals("error") ? "stderr" : "stdout", message, status, duration, trace));
    }
    return List.copyOf(docs);
  }

  private static int weighted(Random random, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int pick = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      pick -= weights[i];
      if (pick < 0) {
        return i;
      }
    }
    throw new AssertionError();
  }

  static long count(Predicate<Doc> matching) {
    return DOCS.stream().filter(matching).count();
  }

  static List<String> ids(Predicate<Doc> matching) {
    return DOCS.stream().filter(matching).map(Doc::id).toList();
  }

  /** The whole data set as one {@code _bulk} body of {@code create} actions. */
  static String bulkBody(String index) {
    StringBuilder body = new StringBuilder();
    for (Doc doc : DOCS) {
      body.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(doc.id()).append("\"}}\n");
      try {
        body.append(JSON.writeValueAsString(doc.source())).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return body.toString();
  }
}
