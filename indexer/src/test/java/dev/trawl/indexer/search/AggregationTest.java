package dev.trawl.indexer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregations over generated documents spanning three UTC days and Berlin's switch from summer
 * time (2026-10-25), checked against a naive model computed from the same documents with
 * java.time and streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-10-24T00:00:00Z");
  private static final String[] NAMESPACES = {"shop", "web", "data", "batch"};

  record Doc(Instant at, String namespace, long status, double duration, String user) {}

  @TempDir static Path dir;
  private Indexer indexer;
  private String base;
  private final List<Doc> docs = new ArrayList<>();

  @BeforeAll
  void index() throws Exception {
    long seed = 20261025L;
    Random random = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      Instant at = START.plusMillis((long) (random.nextDouble() * Duration.ofDays(3).toMillis()));
      docs.add(new Doc(at, NAMESPACES[random.nextInt(random.nextInt(4) + 1)], 200 + 100L * random.nextInt(4),
          Math.round(random.nextDouble() * 1000) / 10.0, random.nextInt(10) == 0 ? null : "u" + random.nextInt(50)));
    }
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR", dir.toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "100ms")));
    base = "http://127.0.0.1:" + indexer.port();
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < docs.size(); i++) {
      Doc d = docs.get(i);
      bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"").append(i).append("\"}}\n");
      Map<String, Object> source = new java.util.HashMap<>(Map.of("@timestamp", d.at().toString(),
          "kubernetes", Map.of("namespace", d.namespace()), "http", Map.of("status", d.status()), "duration", d.duration()));
      if (d.user() != null) {
        source.put("user", d.user());
      }
      bulk.append(JSON.writeValueAsString(source)).append('\n');
    }
    Http.post(base + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    Await.until("documents searchable", Duration.ofSeconds(20),
        () -> JSON.readTree(Http.get(base + "/logs/_count").body()).path("count").asInt() == docs.size());
  }

  @AfterAll
  void stop() {
    indexer.close();
  }

  private JsonNode aggs(String body) throws Exception {
    HttpResponse<String> r = Http.post(base + "/logs/_search", body);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static Map<Long, Long> buckets(JsonNode agg) {
    Map<Long, Long> out = new TreeMap<>();
    agg.path("buckets").forEach(b -> out.put(b.path("key").asLong(), b.path("doc_count").asLong()));
    return out;
  }

  @Test
  void fixedIntervalHoursMatchTheModelWithoutGaps() throws Exception {
    JsonNode r = aggs("{\"size\":0,\"aggs\":{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1h\"}}}}");
    Map<Long, Long> expected = docs.stream().collect(Collectors.groupingBy(
        d -> d.at().toEpochMilli() / 3_600_000 * 3_600_000, TreeMap::new, Collectors.counting()));
    Map<Long, Long> actual = buckets(r.path("aggregations").path("h"));
    for (long key = ((TreeMap<Long, Long>) expected).firstKey(); key <= ((TreeMap<Long, Long>) expected).lastKey(); key += 3_600_000) {
      expected.putIfAbsent(key, 0L);
    }
    assertEquals(expected, actual);
    assertEquals(docs.size(), r.path("hits").path("total").path("value").asInt());
    assertEquals("2026-10-24T00:00:00.000Z", r.path("aggregations").path("h").path("buckets").get(0).path("key_as_string").asText());
  }

  @Test
  void minuteBucketsOfAFilteredSearchWithHitsMatchTheModel() throws Exception {
    // the documents of one bucket are a run in each time-sorted segment: the runs' ends are looked up, not read
    JsonNode r = aggs("{\"size\":3,\"sort\":[{\"@timestamp\":\"desc\"}],\"query\":{\"term\":{\"kubernetes.namespace\":\"shop\"}},"
        + "\"aggs\":{\"m\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"7m\",\"min_doc_count\":1},"
        + "\"aggs\":{\"slowest\":{\"max\":{\"field\":\"duration\"}}}}}}");
    List<Doc> shop = docs.stream().filter(d -> d.namespace().equals("shop")).toList();
    Map<Long, List<Doc>> expected = shop.stream().collect(Collectors.groupingBy(
        d -> d.at().toEpochMilli() / 420_000 * 420_000, TreeMap::new, Collectors.toList()));
    JsonNode buckets = r.path("aggregations").path("m").path("buckets");
    assertEquals(expected.keySet().stream().map(k -> k + "=" + expected.get(k).size()).toList(),
        java.util.stream.StreamSupport.stream(buckets.spliterator(), false)
            .map(b -> b.path("key").asLong() + "=" + b.path("doc_count").asLong()).toList());
    buckets.forEach(b -> assertEquals(expected.get(b.path("key").asLong()).stream().mapToDouble(Doc::duration).max().orElseThrow(),
        b.path("slowest").path("value").asDouble(), 1e-9));
  }

  @Test
  void calendarDaysInBerlinFollowTheSwitchFromSummerTime() throws Exception {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    JsonNode r = aggs("{\"size\":0,\"aggs\":{\"d\":{\"date_histogram\":{\"field\":\"@timestamp\",\"calendar_interval\":\"day\","
        + "\"time_zone\":\"Europe/Berlin\",\"min_doc_count\":1}}}}");
    Map<Long, Long> expected = docs.stream().collect(Collectors.groupingBy(
        d -> LocalDate.ofInstant(d.at(), berlin).atStartOfDay(berlin).toInstant().toEpochMilli(), TreeMap::new, Collectors.counting()));
    assertEquals(expected, buckets(r.path("aggregations").path("d")));
    // the data starts 2026-10-24T00:00Z, already the 24th in Berlin: bucket 1 is the switch day
    JsonNode switchDay = r.path("aggregations").path("d").path("buckets").get(1);
    assertEquals("2026-10-25T00:00:00.000+02:00", switchDay.path("key_as_string").asText());
    assertEquals("2026-10-26T00:00:00.000+01:00",
        r.path("aggregations").path("d").path("buckets").get(2).path("key_as_string").asText(), "the 25-hour day ends at +01:00");
    assertEquals(25 * 3_600_000L, r.path("aggregations").path("d").path("buckets").get(2).path("key").asLong() - switchDay.path("key").asLong());
  }

  @Test
  void termsWithOrderSizeMissingAndNestedSubAggregations() throws Exception {
    JsonNode r = aggs("{\"size\":0,\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\",\"size\":2},"
        + "\"aggs\":{\"avg_status\":{\"avg\":{\"field\":\"http.status\"}},"
        + "\"per_day\":{\"date_histogram\":{\"field\":\"@timestamp\",\"calendar_interval\":\"1d\"},"
        + "\"aggs\":{\"users\":{\"cardinality\":{\"field\":\"user\"}}}}}},"
        + "\"by_key\":{\"terms\":{\"field\":\"kubernetes.namespace\",\"order\":{\"_key\":\"asc\"}}},"
        + "\"status\":{\"terms\":{\"field\":\"http.status\"}},"
        + "\"user\":{\"terms\":{\"field\":\"user\",\"size\":100,\"missing\":\"(none)\"}}}}");
    Map<String, List<Doc>> byNs = docs.stream().collect(Collectors.groupingBy(Doc::namespace));
    List<String> top = byNs.keySet().stream().sorted((a, b) -> byNs.get(b).size() - byNs.get(a).size()).toList();
    JsonNode ns = r.path("aggregations").path("ns");
    assertEquals(top.subList(0, 2), List.of(ns.path("buckets").get(0).path("key").asText(), ns.path("buckets").get(1).path("key").asText()));
    assertEquals(byNs.get(top.get(2)).size() + byNs.get(top.get(3)).size(), ns.path("sum_other_doc_count").asInt());
    JsonNode first = ns.path("buckets").get(0);
    List<Doc> firstDocs = byNs.get(top.get(0));
    assertEquals(firstDocs.size(), first.path("doc_count").asInt());
    assertEquals(firstDocs.stream().mapToLong(Doc::status).average().orElseThrow(), first.path("avg_status").path("value").asDouble(), 1e-9);
    JsonNode day2 = first.path("per_day").path("buckets").get(1);
    LocalDate second = LocalDate.of(2026, 10, 25);
    List<Doc> secondDay = firstDocs.stream().filter(d -> LocalDate.ofInstant(d.at(), ZoneOffset.UTC).equals(second)).toList();
    assertEquals(secondDay.size(), day2.path("doc_count").asInt());
    assertEquals(secondDay.stream().map(Doc::user).filter(u -> u != null).distinct().count(), day2.path("users").path("value").asLong(),
        "two levels deep");

    List<String> keys = new ArrayList<>();
    r.path("aggregations").path("by_key").path("buckets").forEach(b -> keys.add(b.path("key").asText()));
    assertEquals(byNs.keySet().stream().sorted().toList(), keys);
    Map<Long, Long> statuses = new TreeMap<>();
    r.path("aggregations").path("status").path("buckets").forEach(b -> statuses.put(b.path("key").asLong(), b.path("doc_count").asLong()));
    assertEquals(docs.stream().collect(Collectors.groupingBy(Doc::status, TreeMap::new, Collectors.counting())), statuses);
    long noUser = docs.stream().filter(d -> d.user() == null).count();
    JsonNode none = null;
    for (JsonNode b : r.path("aggregations").path("user").path("buckets")) {
      if (b.path("key").asText().equals("(none)")) {
        none = b;
      }
    }
    assertEquals(noUser, none.path("doc_count").asLong());
  }

  @Test
  void keywordTermsCountTheSameFromTheTermsDictionaryAsDocumentByDocument() throws Exception {
    String terms = "\"aggs\":{\"user\":{\"terms\":{\"field\":\"user\",\"size\":100,\"missing\":\"(none)\"}}}";
    Map<String, Long> all = userCounts(docs);
    assertEquals(all, keyCounts(aggs("{\"size\":0," + terms + "}")), "every document: from the terms dictionary");
    JsonNode covering = aggs("{\"size\":5,\"sort\":[{\"@timestamp\":\"desc\"}],"
        + "\"query\":{\"range\":{\"@timestamp\":{\"gte\":\"2026-10-01T00:00:00Z\"}}}," + terms + "}");
    assertEquals(all, keyCounts(covering), "a time range that covers every segment");
    Instant newest = docs.stream().map(Doc::at).max(Instant::compareTo).orElseThrow();
    assertEquals(newest.toString(), covering.path("hits").path("hits").get(0).path("_source").path("@timestamp").asText(),
        "hits and aggregations come from one pass");
    Instant cut = START.plus(Duration.ofHours(30));
    assertEquals(userCounts(docs.stream().filter(d -> d.at().isBefore(cut)).toList()),
        keyCounts(aggs("{\"size\":0,\"query\":{\"range\":{\"@timestamp\":{\"lt\":\"" + cut + "\"}}}," + terms + "}")),
        "part of the documents: by ordinal, document by document");
  }

  private static Map<String, Long> userCounts(List<Doc> docs) {
    return docs.stream().collect(Collectors.groupingBy(d -> d.user() == null ? "(none)" : d.user(), TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> keyCounts(JsonNode response) {
    Map<String, Long> out = new TreeMap<>();
    response.path("aggregations").path("user").path("buckets").forEach(b -> out.put(b.path("key").asText(), b.path("doc_count").asLong()));
    return out;
  }

  @Test
  void metricsMatchTheModel() throws Exception {
    JsonNode a = aggs("{\"size\":0,\"query\":{\"term\":{\"kubernetes.namespace\":\"web\"}},\"aggs\":{"
        + "\"min\":{\"min\":{\"field\":\"duration\"}},\"max\":{\"max\":{\"field\":\"duration\"}},"
        + "\"sum\":{\"sum\":{\"field\":\"http.status\"}},\"avg\":{\"avg\":{\"field\":\"duration\"}},"
        + "\"count\":{\"value_count\":{\"field\":\"user\"}},\"users\":{\"cardinality\":{\"field\":\"user\"}},"
        + "\"last\":{\"max\":{\"field\":\"@timestamp\"}}}}").path("aggregations");
    List<Doc> web = docs.stream().filter(d -> d.namespace().equals("web")).toList();
    Function<String, Double> value = n -> a.path(n).path("value").asDouble();
    assertEquals(web.stream().mapToDouble(Doc::duration).min().orElseThrow(), value.apply("min"), 1e-9);
    assertEquals(web.stream().mapToDouble(Doc::duration).max().orElseThrow(), value.apply("max"), 1e-9);
    assertEquals(web.stream().mapToDouble(Doc::duration).average().orElseThrow(), value.apply("avg"), 1e-9);
    assertEquals(web.stream().mapToLong(Doc::status).sum(), value.apply("sum"), 1e-9);
    assertEquals(web.stream().filter(d -> d.user() != null).count(), a.path("count").path("value").asLong());
    assertEquals(web.stream().map(Doc::user).filter(u -> u != null).distinct().count(), a.path("users").path("value").asLong());
    Instant last = web.stream().map(Doc::at).max(Instant::compareTo).orElseThrow();
    assertEquals(last.toEpochMilli(), a.path("last").path("value").asLong());
    assertTrue(a.path("last").path("value_as_string").asText().startsWith(last.toString().substring(0, 19)));
  }

  @Test
  void extendedBoundsFillEmptyBucketsAndEmptySearchesStillAnswer() throws Exception {
    JsonNode r = aggs("{\"size\":0,\"query\":{\"range\":{\"@timestamp\":{\"gte\":\"2030-01-01T00:00:00Z\"}}},"
        + "\"aggs\":{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"6h\",\"format\":\"epoch_millis\","
        + "\"extended_bounds\":{\"min\":\"2030-01-01T00:00:00Z\",\"max\":\"2030-01-01T23:59:59Z\"}}}}}");
    JsonNode buckets = r.path("aggregations").path("h").path("buckets");
    assertEquals(4, buckets.size());
    buckets.forEach(b -> assertEquals(0, b.path("doc_count").asInt()));
    assertEquals(Long.toString(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli()), buckets.get(0).path("key_as_string").asText());
  }

  @Test
  void badAggregationsAre400sNamingTheProblem() throws Exception {
    Map<String, String> cases = Map.of(
        "{\"aggs\":{\"x\":{\"terms\":{\"field\":\"message\"}}}}", "Text fields",
        "{\"aggs\":{\"x\":{\"percentiles_bucket\":{}}}}", "Unknown aggregation type [percentiles_bucket]",
        "{\"aggs\":{\"x\":{\"terms\":{\"field\":\"user\",\"include\":\"u.*\"}}}}", "unknown field [include]",
        "{\"aggs\":{\"x\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1s\"}}}}", "too many buckets",
        "{\"aggs\":{\"x\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"soon\"}}}}", "[soon]",
        "{\"aggs\":{\"x\":{\"date_histogram\":{\"field\":\"@timestamp\",\"calendar_interval\":\"1d\",\"time_zone\":\"Mars/Olympus\"}}}}", "Mars/Olympus",
        "{\"aggs\":{\"x\":{\"avg\":{\"field\":\"duration\"},\"aggs\":{\"y\":{\"max\":{\"field\":\"duration\"}}}}}}", "cannot accept sub-aggregations");
    for (var c : cases.entrySet()) {
      HttpResponse<String> r = Http.post(base + "/logs/_search", c.getKey());
      assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
      assertTrue(JSON.readTree(r.body()).path("error").path("reason").asText().contains(c.getValue()), c.getKey() + " -> " + r.body());
    }
  }
}
