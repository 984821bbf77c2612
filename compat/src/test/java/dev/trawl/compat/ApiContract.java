package dev.trawl.compat;

import static dev.trawl.compat.ContractData.DOCS;
import static dev.trawl.compat.ContractData.count;
import static dev.trawl.compat.ContractData.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.compat.ContractData.Doc;
import dev.trawl.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Elasticsearch API as Trawl's clients use it — {@code _bulk}, {@code _search}, {@code _count},
 * {@code _msearch}, aggregations, {@code search_after} and error shapes — asserted once and run
 * against every engine (a subclass each). Expected values come from {@link ContractData}, so an
 * engine passes only by answering what Elasticsearch's semantics say, not by agreeing with
 * another engine. Where Trawl and OpenSearch differ on purpose, the assertion says so and
 * {@code indexer/README.md} lists it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContract {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String INDEX = "logs";

  String base;

  /** Starts the engine with its data under {@code dir}, ready for {@code create} into {@code logs}; returns its URL. */
  abstract String start(Path dir) throws Exception;

  abstract void stop() throws Exception;

  /** True for the real OpenSearch node, for the few places where the engines differ on purpose. */
  abstract boolean isOpenSearch();

  record Reply(int status, JsonNode json) {}

  @BeforeAll
  void load(@TempDir Path dir) throws Exception {
    base = start(dir);
    Reply bulk = call("POST", "/_bulk", ContractData.bulkBody(INDEX), "application/x-ndjson");
    assertEquals(200, bulk.status(), bulk.json().toString());
    assertFalse(bulk.json().path("errors").asBoolean(), () -> firstError(bulk.json()));
    Await.until("all documents searchable", Duration.ofSeconds(30),
        () -> call("GET", "/" + INDEX + "/_count", null, null).json().path("count").asLong(), n -> n == DOCS.size());
  }

  @AfterAll
  void shutDown() throws Exception {
    stop();
  }

  private static String firstError(JsonNode bulk) {
    for (JsonNode item : bulk.path("items")) {
      JsonNode error = item.elements().next().path("error");
      if (!error.isMissingNode()) {
        return error.toString();
      }
    }
    return "no item error";
  }

  Reply call(String method, String path, String body, String contentType) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", contentType == null ? "application/json" : contentType);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String text = response.body();
    return new Reply(response.statusCode(), text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text));
  }

  JsonNode search(String body) throws Exception {
    Reply reply = call("POST", "/" + INDEX + "/_search", body, null);
    assertEquals(200, reply.status(), () -> body + " -> " + reply.json());
    return reply.json();
  }

  static long total(JsonNode answer) {
    return answer.path("hits").path("total").path("value").asLong(-1);
  }

  static List<String> hitIds(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
    return ids;
  }

  static List<String> newestFirst(List<String> ids) {
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(Comparator.reverseOrder());
    return sorted;
  }

  private long hits(String query) throws Exception {
    return total(search("{\"track_total_hits\":true,\"size\":0,\"query\":" + query + "}"));
  }

  // ---- _bulk ----

  @Test
  void bulkAnswersPerItemAndRedeliveryIs409() throws Exception {
    String doc = "{\"@timestamp\":\"2026-03-28T12:00:00Z\",\"message\":\"bulk contract\"}";
    String body = "{\"create\":{\"_index\":\"compat-bulk\",\"_id\":\"b1\"}}\n" + doc + "\n"
        + "{\"create\":{\"_index\":\"compat-bulk\",\"_id\":\"b2\"}}\n" + doc + "\n"
        + "{\"create\":{\"_index\":\"compat-bulk\",\"_id\":\"b1\"}}\n" + doc + "\n";
    Reply first = call("POST", "/_bulk", body, "application/x-ndjson");
    assertEquals(200, first.status());
    assertTrue(first.json().path("errors").asBoolean());
    assertEquals(List.of(201, 201, 409), statuses(first.json()));
    assertEquals("b1", first.json().path("items").path(0).path("create").path("_id").asText());
    assertEquals("created", first.json().path("items").path(0).path("create").path("result").asText());
    assertEquals("version_conflict_engine_exception",
        first.json().path("items").path(2).path("create").path("error").path("type").asText());

    Reply again = call("POST", "/compat-bulk/_bulk", "{\"create\":{\"_id\":\"b2\"}}\n" + doc + "\n", "application/x-ndjson");
    assertEquals(List.of(409), statuses(again.json()), "redelivery of a stored _id, index from the path");
  }

  @Test
  void aDocumentThatIsNotJsonFailsOnlyItsItem() throws Exception {
    String body = "{\"create\":{\"_index\":\"compat-bulk\",\"_id\":\"p1\"}}\n{\"@timestamp\":\"2026-03-28T12:00:00Z\",\n"
        + "{\"create\":{\"_index\":\"compat-bulk\",\"_id\":\"p2\"}}\n{\"@timestamp\":\"2026-03-28T12:00:01Z\",\"message\":\"fine\"}\n";
    Reply reply = call("POST", "/_bulk", body, "application/x-ndjson");
    assertEquals(200, reply.status(), reply.json().toString());
    assertEquals(List.of(400, 201), statuses(reply.json()));
    assertEquals("mapper_parsing_exception",
        reply.json().path("items").path(0).path("create").path("error").path("type").asText());
  }

  @Test
  void idsFindDocumentsByTheIdsTheyWereSentWith() throws Exception {
    // the collector's kind (base64 of 16 bytes), shorter base64, base64 with unused bits set, plain, not ASCII
    List<String> ids = List.of("GB16mySHghdKTx9XfSP6Iw", "cGxhaW4", "id-7", "AB", "ok1", "café-1");
    StringBuilder body = new StringBuilder();
    for (String id : ids) {
      body.append("{\"create\":{\"_index\":\"compat-ids\",\"_id\":\"").append(id).append("\"}}\n")
          .append("{\"@timestamp\":\"2026-03-28T12:00:00Z\",\"message\":\"id contract\"}\n");
    }
    Reply stored = call("POST", "/_bulk", body.toString(), "application/x-ndjson");
    assertEquals(List.of(201, 201, 201, 201, 201, 201), statuses(stored.json()), stored.json().toString());
    Await.until("the documents searchable", Duration.ofSeconds(30),
        () -> call("GET", "/compat-ids/_count", null, null).json().path("count").asLong(), n -> n == ids.size());

    String values = ids.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(","));
    Reply all = call("POST", "/compat-ids/_search", "{\"size\":10,\"query\":{\"ids\":{\"values\":[" + values + "]}}}", null);
    assertEquals(new java.util.TreeSet<>(ids), new java.util.TreeSet<>(hitIds(all.json())));
    for (String id : ids) {
      Reply one = call("POST", "/compat-ids/_search", "{\"query\":{\"term\":{\"_id\":\"" + id + "\"}}}", null);
      assertEquals(List.of(id), hitIds(one.json()), id);
    }
    Reply again = call("POST", "/_bulk", body.toString(), "application/x-ndjson");
    assertEquals(List.of(409, 409, 409, 409, 409, 409), statuses(again.json()), "redelivery finds every id");
  }

  private static List<Integer> statuses(JsonNode bulk) {
    List<Integer> statuses = new ArrayList<>();
    bulk.path("items").forEach(item -> statuses.add(item.path("create").path("status").asInt()));
    return statuses;
  }

  // ---- queries ----

  @Test
  void matchAllCountsEverything() throws Exception {
    assertEquals(DOCS.size(), hits("{\"match_all\":{}}"));
    assertEquals(DOCS.size(), call("POST", "/" + INDEX + "/_count", "{\"query\":{\"match_all\":{}}}", null)
        .json().path("count").asLong());
  }

  @Test
  void queryStringWithFieldsAndBooleans() throws Exception {
    assertEquals(count(d -> d.message().contains("timeout") && d.level().equals("error")),
        hits("{\"query_string\":{\"query\":\"message:timeout AND log.level:error\"}}"));
    assertEquals(count(d -> d.namespace().equals("shop") && !d.level().equals("info")),
        hits("{\"query_string\":{\"query\":\"kubernetes.namespace:shop AND NOT log.level:info\"}}"));
    assertEquals(count(d -> d.message().contains("reset") || d.message().contains("kraken")),
        hits("{\"query_string\":{\"query\":\"reset OR kraken\",\"default_field\":\"message\"}}"));
    assertEquals(count(d -> d.status() >= 500),
        hits("{\"query_string\":{\"query\":\"json.status:[500 TO *]\"}}"));
    assertEquals(count(d -> d.message().contains("slow response")),
        hits("{\"query_string\":{\"query\":\"\\\"slow response\\\"\",\"fields\":[\"message\"]}}"));
  }

  @Test
  void matchAndMatchPhrase() throws Exception {
    assertEquals(count(d -> d.message().contains("payment") || d.message().contains("timeout")),
        hits("{\"match\":{\"message\":\"payment timeout\"}}"));
    assertEquals(count(d -> d.message().contains("payment") && d.message().contains("timeout")),
        hits("{\"match\":{\"message\":{\"query\":\"payment timeout\",\"operator\":\"and\"}}}"));
    assertEquals(count(d -> d.message().contains("connection reset by peer")),
        hits("{\"match_phrase\":{\"message\":\"connection reset by peer\"}}"));
  }

  @Test
  void termTermsRangeExists() throws Exception {
    assertEquals(count(d -> d.pod().equals("web-3")), hits("{\"term\":{\"kubernetes.pod.name\":\"web-3\"}}"));
    assertEquals(count(d -> d.namespace().equals("data") || d.namespace().equals("batch")),
        hits("{\"terms\":{\"kubernetes.namespace\":[\"data\",\"batch\"]}}"));
    assertEquals(count(d -> d.status() >= 404 && d.status() < 500),
        hits("{\"range\":{\"json.status\":{\"gte\":404,\"lt\":500}}}"));
    assertEquals(count(d -> d.durationMs() > 250.5), hits("{\"range\":{\"json.duration_ms\":{\"gt\":250.5}}}"));
    assertEquals(count(d -> d.traceId() != null), hits("{\"exists\":{\"field\":\"trace.id\"}}"));
  }

  @Test
  void dateRangesWithFormatsAndTimeZones() throws Exception {
    Instant from = Instant.parse("2026-03-29T01:30:00Z");
    Instant to = Instant.parse("2026-03-29T02:00:00Z");
    long expected = count(d -> !d.timestamp().isBefore(from) && d.timestamp().isBefore(to));
    assertEquals(expected, hits("{\"range\":{\"@timestamp\":{\"gte\":\"2026-03-29T01:30:00Z\",\"lt\":\"2026-03-29T02:00:00Z\"}}}"));
    // the same half hour written in Berlin's summer time (UTC+2 from 01:00Z that day)
    assertEquals(expected, hits("{\"range\":{\"@timestamp\":{\"gte\":\"2026-03-29 03:30:00\",\"lt\":\"2026-03-29 04:00:00\","
        + "\"format\":\"yyyy-MM-dd HH:mm:ss\",\"time_zone\":\"Europe/Berlin\"}}}"));
    assertEquals(expected, hits("{\"range\":{\"@timestamp\":{\"gte\":" + from.toEpochMilli() + ",\"lt\":"
        + to.toEpochMilli() + ",\"format\":\"epoch_millis\"}}}"));
    // date math rounding: "||/h" rounds 01:45 down to the hour for gte
    Instant hour = Instant.parse("2026-03-29T01:00:00Z");
    assertEquals(count(d -> !d.timestamp().isBefore(hour) && d.timestamp().isBefore(to)),
        hits("{\"range\":{\"@timestamp\":{\"gte\":\"2026-03-29T01:45:00Z||/h\",\"lt\":\"2026-03-29T02:00:00Z\"}}}"));
    assertEquals(0, hits("{\"range\":{\"@timestamp\":{\"gte\":\"now-15m\"}}}"));
  }

  @Test
  void prefixWildcardAndCaseInsensitiveTerms() throws Exception {
    assertEquals(count(d -> d.pod().startsWith("web-")), hits("{\"prefix\":{\"kubernetes.pod.name\":\"web-\"}}"));
    assertEquals(count(d -> d.pod().matches("s.*p-.")),
        hits("{\"wildcard\":{\"kubernetes.pod.name\":{\"value\":\"s*p-?\"}}}"));
    assertEquals(count(d -> d.pod().startsWith("shop-")),
        hits("{\"prefix\":{\"kubernetes.pod.name\":{\"value\":\"SHOP-\",\"case_insensitive\":true}}}"));
    assertEquals(count(d -> d.level().equals("error")),
        hits("{\"term\":{\"log.level\":{\"value\":\"ERROR\",\"case_insensitive\":true}}}"));
    assertEquals(0, hits("{\"term\":{\"log.level\":{\"value\":\"ERROR\"}}}"));
    assertEquals(count(d -> d.message().contains("upstream")), hits("{\"prefix\":{\"message\":\"upstr\"}}"));
    assertEquals(count(d -> d.message().contains("connection")), hits("{\"wildcard\":{\"message\":\"conn*ion\"}}"));
    assertError("/" + INDEX + "/_search", "{\"query\":{\"prefix\":{\"json.status\":\"5\"}}}", 400,
        "query_shard_exception", "json.status");
  }

  @Test
  void simpleQueryString() throws Exception {
    assertEquals(count(d -> d.message().contains("timeout") || d.message().contains("kraken")),
        hits("{\"simple_query_string\":{\"query\":\"timeout | kraken\",\"fields\":[\"message\"]}}"));
    assertEquals(count(d -> d.message().contains("payment") && !d.message().contains("timeout")),
        hits("{\"simple_query_string\":{\"query\":\"payment -timeout\",\"fields\":[\"message\"],"
            + "\"default_operator\":\"and\"}}"));
    assertEquals(count(d -> d.message().contains("peer")),
        hits("{\"simple_query_string\":{\"query\":\"pee*\",\"fields\":[\"message^2\"]}}"));
    assertEquals(count(d -> d.message().contains("reset by peer")),
        hits("{\"simple_query_string\":{\"query\":\"\\\"reset by peer\\\"\",\"fields\":[\"message\"]}}"));
    assertEquals(count(d -> d.pod().equals("web-1") || d.pod().equals("web-2")),
        hits("{\"simple_query_string\":{\"query\":\"web-1 web-2\",\"fields\":[\"kubernetes.pod.name\"]}}"));
  }

  @Test
  void boolWithMinimumShouldMatch() throws Exception {
    assertEquals(count(d -> d.namespace().equals("shop") && d.stream().equals("stderr")
            && !d.container().equals("sidecar") && (d.status() == 500 || d.status() == 503 || d.traceId() != null)),
        hits("{\"bool\":{\"must\":[{\"term\":{\"kubernetes.namespace\":\"shop\"}}],"
            + "\"filter\":[{\"term\":{\"stream\":\"stderr\"}}],"
            + "\"must_not\":[{\"term\":{\"kubernetes.container.name\":\"sidecar\"}}],"
            + "\"should\":[{\"terms\":{\"json.status\":[500,503]}},{\"exists\":{\"field\":\"trace.id\"}}],"
            + "\"minimum_should_match\":1}}"));
    assertEquals(count(d -> (d.status() == 500 ? 1 : 0) + (d.traceId() != null ? 1 : 0) + (d.level().equals("warn") ? 1 : 0) >= 2),
        hits("{\"bool\":{\"should\":[{\"term\":{\"json.status\":500}},{\"exists\":{\"field\":\"trace.id\"}},"
            + "{\"term\":{\"log.level\":\"warn\"}}],\"minimum_should_match\":2}}"));
  }

  @Test
  void labelsWithDotsInTheirKeysAreSearchable() throws Exception {
    assertEquals(count(d -> d.namespace().equals("web")), hits("{\"term\":{\"kubernetes.labels.app\":\"web\"}}"));
    assertEquals(count(d -> d.namespace().equals("web")),
        hits("{\"query_string\":{\"query\":\"kubernetes.labels.app.kubernetes.io\\\\/name:web-app\"}}"));
  }

  // ---- sort, paging, totals, source ----

  @Test
  void newestFirstThenOldestFirst() throws Exception {
    List<String> all = ids(d -> true);
    JsonNode desc = search("{\"size\":25,\"sort\":[{\"@timestamp\":\"desc\"}]}");
    assertEquals(newestFirst(all).subList(0, 25), hitIds(desc));
    JsonNode asc = search("{\"size\":25,\"sort\":[{\"@timestamp\":{\"order\":\"asc\"}}]}");
    assertEquals(all.subList(0, 25), hitIds(asc));
    JsonNode page = search("{\"from\":40,\"size\":10,\"sort\":[{\"@timestamp\":\"desc\"}]}");
    assertEquals(newestFirst(all).subList(40, 50), hitIds(page));
  }

  @Test
  void sortByKeywordThenTimestamp() throws Exception {
    List<String> expected = DOCS.stream()
        .sorted(Comparator.comparing(Doc::pod).thenComparing(Doc::timestamp, Comparator.reverseOrder()))
        .limit(30).map(Doc::id).toList();
    assertEquals(expected, hitIds(search("{\"size\":30,\"sort\":[{\"kubernetes.pod.name\":\"asc\"},{\"@timestamp\":\"desc\"}]}")));
    List<String> byStatus = DOCS.stream()
        .sorted(Comparator.comparingInt(Doc::status).reversed().thenComparing(Doc::timestamp))
        .limit(30).map(Doc::id).toList();
    assertEquals(byStatus, hitIds(search("{\"size\":30,\"sort\":[{\"json.status\":\"desc\"},{\"@timestamp\":\"asc\"}]}")));
  }

  @Test
  void searchAfterWalksTheWholeResultInOrder() throws Exception {
    List<String> expected = newestFirst(ids(d -> d.level().equals("warn")));
    List<String> walked = new ArrayList<>();
    JsonNode after = null;
    for (int page = 0; page < 100; page++) {
      ObjectNode body = JSON.createObjectNode();
      body.put("size", 37);
      body.putObject("query").putObject("term").put("log.level", "warn");
      body.putArray("sort").addObject().put("@timestamp", "desc");
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode answer = search(body.toString());
      JsonNode hits = answer.path("hits").path("hits");
      if (hits.isEmpty()) {
        break;
      }
      walked.addAll(hitIds(answer));
      after = hits.get(hits.size() - 1).path("sort");
    }
    assertEquals(expected, walked);
  }

  @Test
  void trackTotalHitsReportsTheRelation() throws Exception {
    JsonNode capped = search("{\"size\":0,\"track_total_hits\":100}");
    assertEquals(100, total(capped));
    assertEquals("gte", capped.path("hits").path("total").path("relation").asText());
    JsonNode exact = search("{\"size\":0,\"track_total_hits\":true}");
    assertEquals(DOCS.size(), total(exact));
    assertEquals("eq", exact.path("hits").path("total").path("relation").asText());
    JsonNode byDefault = search("{\"size\":0}");
    assertEquals(10_000 < DOCS.size() ? 10_000 : DOCS.size(), total(byDefault));
    JsonNode none = search("{\"size\":1,\"track_total_hits\":false}");
    assertTrue(none.path("hits").path("total").isMissingNode(), none.toString());
    long rare = count(d -> d.message().contains(ContractData.RARE_WORD));
    JsonNode small = search("{\"size\":0,\"track_total_hits\":1000,\"query\":{\"match\":{\"message\":\"kraken\"}}}");
    assertEquals(rare, total(small));
    assertEquals("eq", small.path("hits").path("total").path("relation").asText());
  }

  @Test
  void sourceIncludesAndExcludes() throws Exception {
    JsonNode answer = search("{\"size\":1,\"sort\":[{\"@timestamp\":\"asc\"}],"
        + "\"_source\":{\"includes\":[\"kubernetes.*\",\"message\"],\"excludes\":[\"kubernetes.labels\"]}}");
    JsonNode source = answer.path("hits").path("hits").path(0).path("_source");
    Doc first = DOCS.get(0);
    assertEquals(first.message(), source.path("message").asText());
    assertEquals(first.namespace(), source.path("kubernetes").path("namespace").asText());
    assertTrue(source.path("kubernetes").path("labels").isMissingNode(), source.toString());
    assertTrue(source.path("json").isMissingNode(), source.toString());
    JsonNode noSource = search("{\"size\":1,\"_source\":false}");
    assertTrue(noSource.path("hits").path("hits").path(0).path("_source").isMissingNode(), noSource.toString());
  }

  @Test
  void msearchAnswersEachSearchInOrder() throws Exception {
    String body = "{\"index\":\"logs\"}\n{\"size\":0,\"track_total_hits\":true,\"query\":{\"term\":{\"log.level\":\"error\"}}}\n"
        + "{\"index\":\"logs\"}\n{\"size\":0,\"track_total_hits\":true,\"query\":{\"term\":{\"kubernetes.namespace\":\"batch\"}}}\n"
        + "{\"index\":\"no-such-index\"}\n{\"size\":0}\n";
    Reply reply = call("POST", "/_msearch", body, "application/x-ndjson");
    assertEquals(200, reply.status());
    JsonNode responses = reply.json().path("responses");
    assertEquals(3, responses.size());
    assertEquals(count(d -> d.level().equals("error")), total(responses.get(0)));
    assertEquals(count(d -> d.namespace().equals("batch")), total(responses.get(1)));
    assertEquals(404, responses.get(2).path("status").asInt(), responses.get(2).toString());
    assertEquals("index_not_found_exception", responses.get(2).path("error").path("type").asText());
  }

  @Test
  void indexPatternsAndCommaLists() throws Exception {
    assertEquals(DOCS.size(), total(call("POST", "/log*/_search", "{\"size\":0,\"track_total_hits\":true}", null).json()));
    assertEquals(DOCS.size(), call("GET", "/logs,nothing-here*/_count", null, null).json().path("count").asLong());
  }

  // ---- what a hit carries: fields, highlight, version; how far a search goes ----

  @Test
  void fieldsTypeValuesAndPrintDatesInTheAskedFormat() throws Exception {
    Doc newest = DOCS.get(DOCS.size() - 1);
    JsonNode hit = search("{\"size\":1,\"sort\":[{\"@timestamp\":\"desc\"}],\"_source\":false,\"fields\":["
        + "\"@timestamp\",\"kubernetes.pod.*\",\"json.status\"]}")
        .path("hits").path("hits").get(0);
    assertTrue(hit.path("_source").isMissingNode(), hit.toString());
    JsonNode fields = hit.path("fields");
    assertEquals(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(java.time.ZoneOffset.UTC)
        .format(newest.timestamp()), fields.path("@timestamp").get(0).asText(), "the mapping's format: milliseconds");
    assertEquals(List.of(newest.pod()), List.of(fields.path("kubernetes.pod.name").get(0).asText()), fields.toString());
    assertEquals(newest.status(), fields.path("json.status").get(0).asInt());
    assertTrue(fields.path("json.status").get(0).isNumber(), fields.toString());
    JsonNode millis = search("{\"size\":1,\"sort\":[{\"@timestamp\":\"desc\"}],\"_source\":false,"
        + "\"docvalue_fields\":[{\"field\":\"@timestamp\",\"format\":\"epoch_millis\"},\"log.level\"]}")
        .path("hits").path("hits").get(0).path("fields");
    assertEquals(new java.math.BigDecimal(newest.timestamp().getEpochSecond() * 1_000_000_000L + newest.timestamp().getNano())
        .movePointLeft(6).stripTrailingZeros().toPlainString(), millis.path("@timestamp").get(0).asText(),
        "epoch_millis keeps the nanoseconds as a fraction");
    assertEquals(newest.level(), millis.path("log.level").get(0).asText());
  }

  @Test
  void highlightTagsTheMatchesInTheMessage() throws Exception {
    JsonNode hits = search("{\"size\":100,\"query\":{\"match\":{\"message\":\"kraken\"}},\"highlight\":{"
        + "\"pre_tags\":[\"@HIGHLIGHT@\"],\"post_tags\":[\"@/HIGHLIGHT@\"],\"fragment_size\":2147483647,\"fields\":{\"*\":{}}}}")
        .path("hits").path("hits");
    assertEquals(count(d -> d.message().contains("kraken")), hits.size());
    for (JsonNode hit : hits) {
      String message = hit.path("_source").path("message").asText();
      assertEquals(List.of(message.replace("kraken", "@HIGHLIGHT@kraken@/HIGHLIGHT@")),
          List.of(hit.path("highlight").path("message").get(0).asText()), hit.toString());
      assertEquals(1, hit.path("highlight").size(), "only the field the query searched: " + hit.path("highlight"));
    }
    JsonNode defaults = search("{\"size\":1,\"query\":{\"match_phrase\":{\"message\":\"connection reset\"}},"
        + "\"highlight\":{\"fields\":{\"message\":{}}}}").path("hits").path("hits").get(0).path("highlight").path("message");
    assertEquals("upstream <em>connection</em> <em>reset</em> by peer", defaults.get(0).asText());
  }

  @Test
  void versionIsOneForDocumentsThatAreNeverUpdated() throws Exception {
    JsonNode hits = search("{\"size\":3,\"version\":true}").path("hits").path("hits");
    assertEquals(3, hits.size());
    hits.forEach(h -> assertEquals(1, h.path("_version").asInt(), h.toString()));
  }

  @Test
  void terminateAfterStopsCollectingAndSaysSo() throws Exception {
    JsonNode stopped = search("{\"size\":5,\"track_total_hits\":true,\"terminate_after\":100}");
    assertTrue(stopped.path("terminated_early").asBoolean(), stopped.toString());
    assertEquals(100, total(stopped));
    JsonNode complete = search("{\"size\":5,\"track_total_hits\":true,\"terminate_after\":100000,\"timeout\":\"30s\"}");
    assertFalse(complete.path("terminated_early").asBoolean(true), complete.toString());
    assertFalse(complete.path("timed_out").asBoolean(true), complete.toString());
    assertEquals(DOCS.size(), total(complete));
  }

  @Test
  void multiMatchAsKibanaSendsFreeTextAndPhrases() throws Exception {
    assertEquals(count(d -> d.message().contains("kraken")),
        hits("{\"multi_match\":{\"type\":\"best_fields\",\"query\":\"kraken\",\"lenient\":true}}"));
    assertEquals(count(d -> d.message().contains("connection reset")),
        hits("{\"multi_match\":{\"type\":\"phrase\",\"query\":\"connection reset\",\"fields\":[\"message\"]}}"));
  }

  /** The logs query of Grafana's Elasticsearch data source, as its request builder writes it. */
  @Test
  void grafanaLogsQueryIsAnsweredInFull() throws Exception {
    Instant from = ContractData.START.plus(Duration.ofHours(1));
    Instant to = ContractData.START.plus(Duration.ofHours(4));
    String body = ("{\"size\":500,\"query\":{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":{\"gte\":%d,\"lte\":%d,"
        + "\"format\":\"epoch_millis\"}}},{\"query_string\":{\"analyze_wildcard\":true,\"query\":\"log.level:error AND timeout\"}}]}},"
        + "\"sort\":{\"@timestamp\":{\"order\":\"desc\",\"unmapped_type\":\"boolean\"},\"_doc\":{\"order\":\"desc\"}},"
        + "\"script_fields\":{},\"docvalue_fields\":[\"@timestamp\"],"
        + "\"fields\":[{\"field\":\"@timestamp\",\"format\":\"strict_date_optional_time_nanos\"}],"
        + "\"highlight\":{\"pre_tags\":[\"@HIGHLIGHT@\"],\"post_tags\":[\"@/HIGHLIGHT@\"],\"fragment_size\":2147483647,"
        + "\"fields\":{\"*\":{}}},"
        + "\"aggs\":{\"2\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"10m\",\"min_doc_count\":0,"
        + "\"extended_bounds\":{\"min\":%d,\"max\":%d},\"format\":\"epoch_millis\"}}}}")
        .formatted(from.toEpochMilli(), to.toEpochMilli(), from.toEpochMilli(), to.toEpochMilli());
    String header = "{\"search_type\":\"query_then_fetch\",\"ignore_unavailable\":true,\"index\":\"logs\"}";
    Reply reply = call("POST", "/_msearch", header + "\n" + body + "\n", "application/x-ndjson");
    assertEquals(200, reply.status(), reply.json().toString());
    JsonNode answer = reply.json().path("responses").get(0);
    java.util.function.Predicate<Doc> matching = d -> d.level().equals("error") && d.message().contains("timeout")
        && !d.timestamp().isBefore(from) && d.timestamp().toEpochMilli() <= to.toEpochMilli();
    assertEquals(newestFirst(ids(matching)), hitIds(answer), answer.toString());
    JsonNode first = answer.path("hits").path("hits").get(0);
    assertEquals(first.path("_source").path("@timestamp").asText(), first.path("fields").path("@timestamp").get(0).asText());
    assertTrue(first.path("highlight").path("message").get(0).asText().contains("@HIGHLIGHT@timeout@/HIGHLIGHT@"), first.toString());
    JsonNode buckets = answer.path("aggregations").path("2").path("buckets");
    assertEquals(19, buckets.size(), "three hours of ten-minute buckets, both ends included");
    long inBuckets = 0;
    for (JsonNode b : buckets) {
      inBuckets += b.path("doc_count").asLong();
    }
    assertEquals(count(matching), inBuckets);
  }

  /** Discover's search as OpenSearch Dashboards (Kibana 7.10) sends it, KQL free text and a negated filter pill. */
  @Test
  void kibanaDiscoverSearchIsAnsweredInFull() throws Exception {
    Instant from = ContractData.START;
    Instant to = ContractData.START.plus(Duration.ofHours(6));
    String body = ("{\"version\":true,\"size\":500,\"sort\":[{\"@timestamp\":{\"order\":\"desc\",\"unmapped_type\":\"boolean\"}}],"
        + "\"aggs\":{\"2\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"30m\",\"time_zone\":\"Europe/Berlin\","
        + "\"min_doc_count\":1}}},\"stored_fields\":[\"*\"],\"script_fields\":{},"
        + "\"docvalue_fields\":[{\"field\":\"@timestamp\",\"format\":\"date_time\"}],\"_source\":{\"excludes\":[]},"
        + "\"query\":{\"bool\":{\"must\":[],\"filter\":[{\"multi_match\":{\"type\":\"best_fields\",\"query\":\"kraken\","
        + "\"lenient\":true}},{\"range\":{\"@timestamp\":{\"gte\":\"%s\",\"lte\":\"%s\",\"format\":\"strict_date_optional_time\"}}}],"
        + "\"should\":[],\"must_not\":[{\"match_phrase\":{\"kubernetes.namespace\":\"web\"}}]}},"
        + "\"highlight\":{\"pre_tags\":[\"@kibana-highlighted-field@\"],\"post_tags\":[\"@/kibana-highlighted-field@\"],"
        + "\"fields\":{\"*\":{}},\"fragment_size\":2147483647}}").formatted(from, to);
    Reply reply = call("POST", "/logs/_search?rest_total_hits_as_int=true&ignore_unavailable=true&preference=1700000000000"
        + "&timeout=30000ms&track_total_hits=true", body, null);
    assertEquals(200, reply.status(), reply.json().toString());
    JsonNode answer = reply.json();
    java.util.function.Predicate<Doc> matching = d -> d.message().contains("kraken") && !d.namespace().equals("web")
        && !d.timestamp().isAfter(to);
    assertEquals(count(matching), answer.path("hits").path("total").asLong(), answer.path("hits").path("total").toString());
    assertEquals(newestFirst(ids(matching)), hitIds(answer));
    JsonNode first = answer.path("hits").path("hits").get(0);
    assertEquals(1, first.path("_version").asInt());
    assertTrue(first.path("_source").path("message").isTextual(), first.toString());
    Instant at = Instant.parse(first.path("_source").path("@timestamp").asText());
    assertEquals(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(java.time.ZoneOffset.UTC).format(at),
        first.path("fields").path("@timestamp").get(0).asText(), "date_time: milliseconds and the offset");
    assertTrue(first.path("highlight").path("message").get(0).asText()
        .contains("@kibana-highlighted-field@kraken@/kibana-highlighted-field@"), first.toString());
    long inBuckets = 0;
    for (JsonNode b : answer.path("aggregations").path("2").path("buckets")) {
      inBuckets += b.path("doc_count").asLong();
    }
    assertEquals(count(matching), inBuckets);
  }

  @Test
  void filterAggregationIsOneBucketWithSubAggregations() throws Exception {
    JsonNode errors = search("{\"size\":0,\"aggs\":{\"errors\":{\"filter\":{\"term\":{\"log.level\":\"error\"}},"
        + "\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\",\"size\":10}}}}}}").path("aggregations").path("errors");
    assertEquals(count(d -> d.level().equals("error")), errors.path("doc_count").asLong());
    Map<String, Long> byNamespace = new TreeMap<>();
    errors.path("ns").path("buckets").forEach(b -> byNamespace.put(b.path("key").asText(), b.path("doc_count").asLong()));
    assertEquals(DOCS.stream().filter(d -> d.level().equals("error"))
        .collect(Collectors.groupingBy(Doc::namespace, TreeMap::new, Collectors.counting())), byNamespace);
  }

  // ---- aggregations ----

  @Test
  void termsCountsAndOrders() throws Exception {
    JsonNode aggs = search("{\"size\":0,\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\"}},"
        + "\"pods\":{\"terms\":{\"field\":\"kubernetes.pod.name\",\"size\":3,\"order\":{\"_key\":\"asc\"}}}}}")
        .path("aggregations");
    Map<String, Long> byNamespace = DOCS.stream().collect(Collectors.groupingBy(Doc::namespace, Collectors.counting()));
    List<Map.Entry<String, Long>> expected = byNamespace.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
    JsonNode buckets = aggs.path("ns").path("buckets");
    assertEquals(expected.size(), buckets.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).getKey(), buckets.get(i).path("key").asText());
      assertEquals(expected.get(i).getValue(), buckets.get(i).path("doc_count").asLong());
    }
    List<String> firstPods = DOCS.stream().map(Doc::pod).distinct().sorted().limit(3).toList();
    List<String> pods = new ArrayList<>();
    aggs.path("pods").path("buckets").forEach(b -> pods.add(b.path("key").asText()));
    assertEquals(firstPods, pods);
    long restOfPods = DOCS.stream().filter(d -> !firstPods.contains(d.pod())).count();
    assertEquals(restOfPods, aggs.path("pods").path("sum_other_doc_count").asLong());
  }

  @Test
  void termsOnNumbersAndMissing() throws Exception {
    JsonNode buckets = search("{\"size\":0,\"query\":{\"term\":{\"log.level\":\"error\"}},"
        + "\"aggs\":{\"s\":{\"terms\":{\"field\":\"json.status\",\"size\":10,\"order\":{\"_key\":\"desc\"}}}}}")
        .path("aggregations").path("s").path("buckets");
    Map<Integer, Long> expected = new TreeMap<>(Comparator.reverseOrder());
    DOCS.stream().filter(d -> d.level().equals("error")).forEach(d -> expected.merge(d.status(), 1L, Long::sum));
    List<String> seen = new ArrayList<>();
    buckets.forEach(b -> seen.add(b.path("key").asLong() + "=" + b.path("doc_count").asLong()));
    assertEquals(expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), seen);
    JsonNode missing = search("{\"size\":0,\"aggs\":{\"t\":{\"terms\":{\"field\":\"trace.id\",\"missing\":\"none\",\"size\":1}}}}")
        .path("aggregations").path("t").path("buckets").path(0);
    assertEquals("none", missing.path("key").asText());
    assertEquals(count(d -> d.traceId() == null), missing.path("doc_count").asLong());
  }

  @Test
  void dateHistogramFixedInterval() throws Exception {
    JsonNode buckets = search("{\"size\":0,\"aggs\":{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"30m\"}}}}")
        .path("aggregations").path("h").path("buckets");
    Map<Long, Long> expected = new TreeMap<>();
    long width = Duration.ofMinutes(30).toMillis();
    DOCS.forEach(d -> expected.merge(Math.floorDiv(d.timestamp().toEpochMilli(), width) * width, 1L, Long::sum));
    assertEquals(expected, bucketCounts(buckets));
    assertEquals("2026-03-29T00:00:00.000Z", buckets.get(0).path("key_as_string").asText());
  }

  @Test
  void dateHistogramCalendarHoursInBerlinAcrossTheSpringForwardGap() throws Exception {
    JsonNode buckets = search("{\"size\":0,\"aggs\":{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\","
        + "\"calendar_interval\":\"1h\",\"time_zone\":\"Europe/Berlin\"}}}}").path("aggregations").path("h").path("buckets");
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Map<Long, Long> expected = new TreeMap<>();
    DOCS.forEach(d -> expected.merge(ZonedDateTime.ofInstant(d.timestamp(), berlin).truncatedTo(ChronoUnit.HOURS)
        .toInstant().toEpochMilli(), 1L, Long::sum));
    assertEquals(expected, bucketCounts(buckets));
    List<String> keys = new ArrayList<>();
    buckets.forEach(b -> keys.add(b.path("key_as_string").asText()));
    // 01:00 local then 03:00 local: the hour 02:00-03:00 does not exist that night
    assertEquals(List.of("2026-03-29T01:00:00.000+01:00", "2026-03-29T03:00:00.000+02:00"), keys.subList(0, 2));
  }

  @Test
  void dateHistogramEmptyBucketsWithinExtendedBounds() throws Exception {
    Instant from = Instant.parse("2026-03-28T22:00:00Z");
    Instant to = Instant.parse("2026-03-29T07:59:59Z");
    JsonNode buckets = search("{\"size\":0,\"aggs\":{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1h\","
        + "\"min_doc_count\":0,\"extended_bounds\":{\"min\":" + from.toEpochMilli() + ",\"max\":" + to.toEpochMilli() + "}}}}}")
        .path("aggregations").path("h").path("buckets");
    assertEquals(10, buckets.size(), buckets.toString());
    assertEquals(0, buckets.get(0).path("doc_count").asLong());
    assertEquals(0, buckets.get(9).path("doc_count").asLong());
    long sum = 0;
    for (JsonNode b : buckets) {
      sum += b.path("doc_count").asLong();
    }
    assertEquals(DOCS.size(), sum);
  }

  @Test
  void metricAggregations() throws Exception {
    JsonNode aggs = search("{\"size\":0,\"query\":{\"term\":{\"kubernetes.namespace\":\"web\"}},\"aggs\":{"
        + "\"min\":{\"min\":{\"field\":\"json.duration_ms\"}},\"max\":{\"max\":{\"field\":\"json.duration_ms\"}},"
        + "\"avg\":{\"avg\":{\"field\":\"json.duration_ms\"}},\"sum\":{\"sum\":{\"field\":\"json.status\"}},"
        + "\"n\":{\"value_count\":{\"field\":\"trace.id\"}},\"pods\":{\"cardinality\":{\"field\":\"kubernetes.pod.name\"}}}}")
        .path("aggregations");
    List<Doc> web = DOCS.stream().filter(d -> d.namespace().equals("web")).toList();
    assertEquals(web.stream().mapToDouble(Doc::durationMs).min().orElseThrow(), aggs.path("min").path("value").asDouble(), 1e-9);
    assertEquals(web.stream().mapToDouble(Doc::durationMs).max().orElseThrow(), aggs.path("max").path("value").asDouble(), 1e-9);
    assertEquals(web.stream().mapToDouble(Doc::durationMs).average().orElseThrow(), aggs.path("avg").path("value").asDouble(), 1e-6);
    assertEquals(web.stream().mapToLong(Doc::status).sum(), aggs.path("sum").path("value").asDouble(), 1e-9);
    assertEquals(web.stream().filter(d -> d.traceId() != null).count(), aggs.path("n").path("value").asLong());
    assertEquals(web.stream().map(Doc::pod).distinct().count(), aggs.path("pods").path("value").asLong());
  }

  @Test
  void subAggregationsTwoDeep() throws Exception {
    JsonNode namespaces = search("{\"size\":0,\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\",\"size\":10},"
        + "\"aggs\":{\"levels\":{\"terms\":{\"field\":\"log.level\",\"size\":10},"
        + "\"aggs\":{\"slowest\":{\"max\":{\"field\":\"json.duration_ms\"}}}}}}}}")
        .path("aggregations").path("ns").path("buckets");
    int checked = 0;
    for (JsonNode ns : namespaces) {
      for (JsonNode level : ns.path("levels").path("buckets")) {
        String namespace = ns.path("key").asText();
        String lvl = level.path("key").asText();
        List<Doc> group = DOCS.stream().filter(d -> d.namespace().equals(namespace) && d.level().equals(lvl)).toList();
        assertEquals(group.size(), level.path("doc_count").asLong(), namespace + "/" + lvl);
        assertEquals(group.stream().mapToDouble(Doc::durationMs).max().orElseThrow(),
            level.path("slowest").path("value").asDouble(), 1e-9);
        checked++;
      }
    }
    assertEquals(DOCS.stream().map(d -> d.namespace() + "/" + d.level()).distinct().count(), checked);
  }

  @Test
  void filtersNamedWithOtherBucketAndAnonymous() throws Exception {
    JsonNode f = search("{\"size\":0,\"aggs\":{\"f\":{\"filters\":{\"other_bucket_key\":\"rest\",\"filters\":{"
        + "\"errors\":{\"term\":{\"log.level\":\"error\"}},\"slow\":{\"range\":{\"json.duration_ms\":{\"gte\":400}}}}},"
        + "\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\"}}}}}}").path("aggregations").path("f").path("buckets");
    assertEquals(count(d -> d.level().equals("error")), f.path("errors").path("doc_count").asLong());
    assertEquals(count(d -> d.durationMs() >= 400), f.path("slow").path("doc_count").asLong());
    assertEquals(count(d -> !d.level().equals("error") && d.durationMs() < 400), f.path("rest").path("doc_count").asLong());
    JsonNode shopErrors = null;
    for (JsonNode b : f.path("errors").path("ns").path("buckets")) {
      if (b.path("key").asText().equals("shop")) {
        shopErrors = b;
      }
    }
    assertEquals(count(d -> d.level().equals("error") && d.namespace().equals("shop")), shopErrors.path("doc_count").asLong());
    JsonNode anonymous = search("{\"size\":0,\"aggs\":{\"f\":{\"filters\":{\"filters\":[{\"match\":{\"message\":\"timeout\"}},"
        + "{\"exists\":{\"field\":\"trace.id\"}}]}}}}").path("aggregations").path("f").path("buckets");
    assertEquals(2, anonymous.size());
    assertEquals(count(d -> d.message().contains("timeout")), anonymous.get(0).path("doc_count").asLong());
    assertEquals(count(d -> d.traceId() != null), anonymous.get(1).path("doc_count").asLong());
  }

  @Test
  void rangeBucketsInOrderAndKeyed() throws Exception {
    JsonNode buckets = search("{\"size\":0,\"aggs\":{\"r\":{\"range\":{\"field\":\"json.duration_ms\",\"ranges\":["
        + "{\"key\":\"slow\",\"from\":400},{\"to\":100},{\"from\":100,\"to\":250.5}]}}}}")
        .path("aggregations").path("r").path("buckets");
    assertEquals(List.of("*-100.0", "100.0-250.5", "slow"),
        List.of(buckets.get(0).path("key").asText(), buckets.get(1).path("key").asText(), buckets.get(2).path("key").asText()));
    assertEquals(count(d -> d.durationMs() < 100), buckets.get(0).path("doc_count").asLong());
    assertEquals(count(d -> d.durationMs() >= 100 && d.durationMs() < 250.5), buckets.get(1).path("doc_count").asLong());
    assertEquals(250.5, buckets.get(1).path("to").asDouble());
    assertEquals(count(d -> d.durationMs() >= 400), buckets.get(2).path("doc_count").asLong());
    JsonNode keyed = search("{\"size\":0,\"aggs\":{\"r\":{\"range\":{\"field\":\"json.status\",\"keyed\":true,"
        + "\"ranges\":[{\"from\":500}]}}}}").path("aggregations").path("r").path("buckets");
    assertEquals(count(d -> d.status() >= 500), keyed.path("500.0-*").path("doc_count").asLong());
  }

  @Test
  void percentilesEstimateTheExactValues() throws Exception {
    JsonNode values = search("{\"size\":0,\"aggs\":{\"p\":{\"percentiles\":{\"field\":\"json.duration_ms\","
        + "\"percents\":[50,95,99]}}}}").path("aggregations").path("p").path("values");
    double[] sorted = DOCS.stream().mapToDouble(Doc::durationMs).sorted().toArray();
    double tolerance = 0.01 * (sorted[sorted.length - 1] - sorted[0]);
    for (double p : new double[] {50, 95, 99}) {
      double rank = p / 100 * (sorted.length - 1);
      int below = (int) Math.floor(rank);
      double exact = sorted[below] + (rank - below) * (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]);
      assertEquals(exact, values.path(Double.toString(p)).asDouble(), tolerance, "p" + p + " " + values);
    }
    JsonNode list = search("{\"size\":0,\"aggs\":{\"p\":{\"percentiles\":{\"field\":\"json.status\",\"keyed\":false}}}}")
        .path("aggregations").path("p").path("values");
    assertEquals(7, list.size(), list.toString());
    assertEquals(1.0, list.get(0).path("key").asDouble());
    assertEquals(200.0, list.get(0).path("value").asDouble(), 1e-9);
  }

  private static Map<Long, Long> bucketCounts(JsonNode buckets) {
    Map<Long, Long> counts = new TreeMap<>();
    buckets.forEach(b -> {
      if (b.path("doc_count").asLong() > 0) {
        counts.put(b.path("key").asLong(), b.path("doc_count").asLong());
      }
    });
    return counts;
  }

  // ---- errors ----

  @Test
  void unknownQueryClauseIs400NamingIt() throws Exception {
    assertError("/" + INDEX + "/_search", "{\"query\":{\"frobnicate\":{\"message\":\"x\"}}}",
        400, "parsing_exception", "frobnicate");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    Reply reply = call("POST", "/" + INDEX + "/_search", "{\"query\":{\"match_all\":{}", null);
    assertEquals(400, reply.status(), reply.json().toString());
    assertEquals(400, reply.json().path("status").asInt());
    assertTrue(reply.json().path("error").path("root_cause").isArray(), reply.json().toString());
  }

  @Test
  void missingIndexIs404() throws Exception {
    assertError("/no-such-index/_search", "{}", 404, "index_not_found_exception", "no-such-index");
  }

  @Test
  void resultWindowBeyondTenThousandIs400() throws Exception {
    assertError("/" + INDEX + "/_search", "{\"from\":9995,\"size\":10}", 400, "illegal_argument_exception",
        "Result window is too large");
  }

  @Test
  void badDateMathIs400NamingIt() throws Exception {
    assertError("/" + INDEX + "/_search", "{\"query\":{\"range\":{\"@timestamp\":{\"gte\":\"now-15q\"}}}}",
        400, "parse_exception", "15q");
  }

  /** The status, and a root cause with Elasticsearch's error type and a reason naming the culprit. */
  private void assertError(String path, String body, int status, String type, String named) throws Exception {
    Reply reply = call("POST", path, body, null);
    assertEquals(status, reply.status(), reply.json().toString());
    assertEquals(status, reply.json().path("status").asInt());
    JsonNode root = reply.json().path("error").path("root_cause").path(0);
    assertEquals(type, root.path("type").asText(), reply.json().toString());
    assertTrue(root.path("reason").asText().contains(named), reply.json().toString());
  }
}
