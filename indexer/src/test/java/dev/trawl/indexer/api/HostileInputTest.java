package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.trawl.testing.Mutations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests against the real indexer, from a seeded random generator: valid search and bulk
 * bodies mutated byte by byte and spliced with nasty pieces (deep nesting, huge numbers, invalid
 * UTF-8, NUL bytes, lone surrogates, pathological regular expressions). Every answer must be a
 * clear 4xx or a 200 — never a 500, a hang or a dead server — and the documents already stored must
 * still be there. A failure prints the seed and the body, to keep as a regression case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("trawl.fuzz.seed", 20261123L);
  private static final int CASES = Integer.getInteger("trawl.fuzz.cases", 600);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<Integer> CLEAR = Set.of(200, 400, 404, 405, 413, 429);
  private static final List<String> SEARCHES = List.of(
      "{\"query\":{\"match\":{\"message\":\"timeout\"}}}",
      "{\"size\":5,\"sort\":[{\"@timestamp\":\"desc\"}],\"query\":{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":{\"gte\":\"now-1h\"}}}],"
          + "\"must\":[{\"query_string\":{\"query\":\"message:cart AND log.level:error\"}}]}}}",
      "{\"size\":0,\"aggs\":{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\",\"time_zone\":\"Europe/Berlin\"},"
          + "\"aggs\":{\"t\":{\"terms\":{\"field\":\"log.level\",\"size\":3}}}}}}",
      "{\"query\":{\"terms\":{\"kubernetes.namespace\":[\"shop\",\"web\"]}},\"search_after\":[1,2],\"_source\":[\"message\"]}",
      "{\"query\":{\"wildcard\":{\"kubernetes.pod.name\":\"cart-*\"}},\"highlight\":{\"fields\":{\"message\":{}}}}",
      "{\"size\":0,\"aggs\":{\"p\":{\"percentiles\":{\"field\":\"http.status\",\"percents\":[50,99]}},"
          + "\"r\":{\"range\":{\"field\":\"http.status\",\"ranges\":[{\"to\":300},{\"from\":500}]}}}}");
  private static final List<String> NASTY = List.of(
      "{\"bool\":{\"must\":".repeat(300), "[".repeat(3000), "1e999999", "-1e-999999", "123456789012345678901234567890",
      "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\u0000", "null", "true", "{}", "[]", "\"\"", ",", ":", "}}}}",
      "\"size\":2147483648", "\"from\":-1", "\"size\":-5", "\"fixed_interval\":\"0s\"", "\"interval\":\"1y\"",
      "\"query\":\"/(a+)+$/\"", "\"query\":\"/.{0,65535}{0,65535}/\"", "\"query\":\"" + "(".repeat(500) + "\"",
      "\"query\":\"a~99\"", "\"query\":\"*a*b*c*d*e*f*\"", "\"time_zone\":\"Mars/Olympus\"", "\"percents\":[1e308,-1]",
      "\"format\":\"yyyy-MM-dd'T'\"", "\"gte\":\"now-99999999999d\"", "\"gte\":\"now/\"");

  @TempDir static Path dir;
  private Indexer indexer;
  private String base;

  @BeforeAll
  void start() throws Exception {
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, java.util.Map.of(
        "TRAWL_DATA_DIR", dir.toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_REFRESH_INTERVAL", "100ms", "TRAWL_HTTP_MAX_BODY_BYTES", "1MiB",
        // as fast as it can from one address: unlimited, so every case reaches the parsers
        "TRAWL_LIMITS_REQUESTS_PER_SECOND", "0", "TRAWL_LIMITS_CONCURRENT", "0")));
    base = "http://127.0.0.1:" + indexer.port();
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"keep-").append(i).append("\"}}\n{\"@timestamp\":\"")
          .append(Instant.now().minusSeconds(i)).append("\",\"message\":\"GET /api/cart timeout ").append(i)
          .append("\",\"log\":{\"level\":\"error\"},\"http\":{\"status\":").append(200 + i)
          .append("},\"kubernetes\":{\"namespace\":\"shop\",\"pod\":{\"name\":\"cart-").append(i).append("\"}}}\n");
    }
    assertEquals(200, send("/_bulk", bulk.toString().getBytes(StandardCharsets.UTF_8)).statusCode());
    Await.until("seed documents searchable", Duration.ofSeconds(10), () -> kept() == 20);
  }

  @AfterAll
  void stop() {
    indexer.close();
  }

  private HttpResponse<String> send(String path, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private long kept() throws Exception {
    return JSON.readTree(send("/logs/_count", "{\"query\":{\"prefix\":{\"_id\":\"keep-\"}}}"
        .getBytes(StandardCharsets.UTF_8)).body()).path("count").asLong();
  }



  private static void assertClear(HttpResponse<String> r, String what, byte[] body) {
    String shown = new String(body, StandardCharsets.UTF_8);
    assertTrue(CLEAR.contains(r.statusCode()), what + " answered " + r.statusCode() + " (seed " + SEED + ") to: "
        + shown.substring(0, Math.min(600, shown.length())) + "\nanswer: " + r.body());
    if (r.statusCode() != 200) {
      JsonNode error;
      try {
        error = JSON.readTree(r.body()).path("error");
      } catch (java.io.IOException e) {
        throw new AssertionError(what + " error answer is not JSON: " + r.body(), e);
      }
      assertTrue(error.path("type").isTextual() && error.path("reason").isTextual(),
          what + " error names a type and a reason: " + r.body());
    }
  }

  @Test
  void mutatedSearchesAnswerAClearErrorOrResults() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < CASES; i++) {
      byte[] body = Mutations.mutate(SEARCHES.get(random.nextInt(SEARCHES.size())).getBytes(StandardCharsets.UTF_8), random, NASTY, 1);
      assertClear(send(random.nextBoolean() ? "/logs/_search" : "/logs*/_search", body), "search case " + i, body);
    }
    assertEquals(20, kept(), "the server still answers, with everything it stored");
  }

  @Test
  void randomLuceneSyntaxAnswersAClearErrorOrResults() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    String[] pieces = {"(", ")", "[", "]", "{", "}", ":", "\"", "*", "?", "~", "^", "\\", "/", "!", "+", "-", "&&", "||",
        " AND ", " OR ", " NOT ", " TO ", "message", "log.level", "@timestamp", "http.status", "cart", "2026-11-23",
        "now-1h", "5", "1e9", " ", "é", "\u0000", "_exists_", "*:*", ">=", "<"};
    for (int i = 0; i < CASES; i++) {
      StringBuilder q = new StringBuilder();
      for (int n = random.nextInt(1, 16); n > 0; n--) {
        q.append(pieces[random.nextInt(pieces.length)]);
      }
      byte[] body = JSON.writeValueAsBytes(java.util.Map.of("query", java.util.Map.of("query_string",
          java.util.Map.of("query", q.toString(), "default_field", "message"))));
      assertClear(send("/logs/_search", body), "query_string case " + i, body);
    }
    assertEquals(20, kept());
  }

  @Test
  void inputsTheGeneratorFoundStayClear400s() throws Exception {
    for (String query : List.of("/^cart\\2026-11-231e9{ NOT message&&log.level\u0000/", "/a{1,2/", "/[z-a]/")) {
      byte[] body = JSON.writeValueAsBytes(java.util.Map.of("query", java.util.Map.of("query_string",
          java.util.Map.of("query", query, "default_field", "message"))));
      HttpResponse<String> r = send("/logs/_search", body);
      assertEquals(400, r.statusCode(), query + ": " + r.body());
      assertEquals("query_shard_exception", JSON.readTree(r.body()).path("error").path("type").asText(), r.body());
    }
  }

  @Test
  void mutatedBulkBodiesFailOnlyTheirOwnItems() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    String valid = "{\"create\":{\"_index\":\"logs\",\"_id\":\"f%d\"}}\n{\"@timestamp\":\"%s\",\"message\":\"fuzz %d\","
        + "\"json\":{\"n\":%d,\"ok\":true},\"kubernetes\":{\"namespace\":\"fuzz\"}}\n";
    for (int i = 0; i < CASES / 2; i++) {
      StringBuilder bulk = new StringBuilder();
      for (int d = 0; d < 3; d++) {
        bulk.append(valid.formatted(i * 3 + d, Instant.now(), i, d));
      }
      byte[] body = Mutations.mutate(bulk.toString().getBytes(StandardCharsets.UTF_8), random, NASTY, 1);
      HttpResponse<String> r = send("/_bulk", body);
      assertClear(r, "bulk case " + i, body);
      if (r.statusCode() == 200) {
        for (JsonNode item : JSON.readTree(r.body()).path("items")) {
          int status = item.elements().next().path("status").asInt();
          assertTrue(Set.of(201, 400, 409).contains(status), "bulk case " + i + " item status " + status + ": " + r.body());
        }
      }
    }
    String deep = "{\"create\":{\"_index\":\"logs\"}}\n{\"@timestamp\":\"" + Instant.now() + "\",\"json\":"
        + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}\n";
    HttpResponse<String> r = send("/_bulk", deep.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(400, JSON.readTree(r.body()).path("items").get(0).path("create").path("status").asInt(),
        "5,000 levels of nesting fail the item, not the server: " + r.body());
    assertEquals(20, kept(), "no hostile bulk body touched the documents already stored");
  }
}
