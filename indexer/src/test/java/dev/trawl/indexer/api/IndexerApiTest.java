package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.indexer.Indexer;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real indexer on loopback, spoken to over HTTP as Elasticsearch clients do. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexerApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.now();

  @TempDir static Path dir;
  private Indexer indexer;
  private String base;

  @BeforeAll
  void start() throws Exception {
    indexer = LoopbackIndexer.start(dir, Map.of("TRAWL_REFRESH_INTERVAL", "100ms", "TRAWL_HTTP_MAX_BODY_BYTES", "1MiB"));
    base = "http://127.0.0.1:" + indexer.port();
    StringBuilder bulk = new StringBuilder();
    String[][] docs = {
        {"d1", "shop", "cart-1", "error", "GET /api/cart failed: timeout after 3000ms", "500", "5m"},
        {"d2", "shop", "cart-2", "info", "GET /api/cart ok", "200", "4m"},
        {"d3", "web", "nginx-1", "warn", "slow upstream response from cart", "200", "3m"},
        {"d4", "web", "nginx-1", "error", "upstream connect error", "502", "2m"},
        {"d5", "data", "redis-0", "info", "synced shard 7", "0", "1m"},
        {"d6", "data", "redis-0", "info", "an old line", "0", "3h"}};
    for (String[] d : docs) {
      String ts = NOW.minus(Duration.parse("PT" + d[6].toUpperCase())).toString();
      bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"").append(d[0]).append("\"}}\n");
      bulk.append(JSON.writeValueAsString(Map.of("@timestamp", ts, "message", d[4],
          "kubernetes", Map.of("namespace", d[1], "pod", Map.of("name", d[2])),
          "log", Map.of("level", d[3]), "http", Map.of("status", Integer.parseInt(d[5]))))).append('\n');
    }
    HttpResponse<String> r = Http.post(base + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(false, JSON.readTree(r.body()).path("errors").asBoolean(), r.body());
    Await.until("documents searchable", Duration.ofSeconds(10), () -> count("{}") == 6);
  }

  @AfterAll
  void stop() {
    indexer.close();
  }

  private JsonNode search(String index, String body) throws Exception {
    HttpResponse<String> r = Http.post(base + "/" + index + "/_search", body);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private long count(String body) throws Exception {
    return JSON.readTree(Http.post(base + "/logs/_count", body).body()).path("count").asLong();
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
    return ids;
  }

  @Test
  void queryStringOverTextKeywordsAndNumbersNewestFirst() throws Exception {
    String sort = ",\"sort\":[{\"@timestamp\":{\"order\":\"desc\"}}]";
    assertEquals(List.of("d4", "d1"), ids(search("logs", "{\"query\":{\"query_string\":{\"query\":\"log.level:error\"}}" + sort + "}")));
    assertEquals(List.of("d3", "d2", "d1"), ids(search("logs", "{\"query\":{\"query_string\":{\"query\":\"cart\"}}" + sort + "}")));
    assertEquals(List.of("d4"), ids(search("logs", "{\"query\":{\"query_string\":{\"query\":\"http.status:[500 TO 599] AND kubernetes.namespace:web\"}}}")));
    assertEquals(List.of("d2", "d1"), ids(search("logs-*", "{\"query\":{\"query_string\":{\"query\":\"kubernetes.pod.name:cart-*\"}}" + sort + "}")));
    assertEquals(List.of("d5", "d4"), ids(search("logs", "{\"size\":2" + sort + "}")));
    assertEquals(6, search("logs", "{\"query\":{\"query_string\":{\"query\":\"*\"}}}").path("hits").path("total").path("value").asInt());
    assertEquals(6, search("logs", "{\"query\":{\"query_string\":{\"query\":\"http.status:*\"}}}").path("hits").path("total").path("value").asInt());
    assertEquals(0, search("logs", "{\"query\":{\"query_string\":{\"query\":\"no.such.field:*\"}}}").path("hits").path("total").path("value").asInt());
    assertEquals(List.of("d5", "d3", "d2", "d6"), ids(search("logs", "{\"query\":{\"query_string\":{\"query\":"
        + "\"NOT log.level:error\"}}" + sort + "}")), "a purely negative query means all but");
    assertEquals(List.of("d3"), ids(search("logs", "{\"query\":{\"query_string\":{\"query\":"
        + "\"kubernetes.namespace:web AND (NOT log.level:error)\"}}" + sort + "}")), "also when nested");
    JsonNode asc = search("logs", "{\"size\":1,\"sort\":[{\"@timestamp\":\"asc\"}]}");
    assertEquals(List.of("d6"), ids(asc));
    assertEquals(6, asc.path("hits").path("total").path("value").asInt());
    assertEquals("eq", asc.path("hits").path("total").path("relation").asText());
  }

  @Test
  void boolRangeTermsMatchAndExists() throws Exception {
    assertEquals(List.of("d5", "d4", "d3"), ids(search("logs", """
        {"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"now-210s","lte":"now"}}}]}},
         "sort":[{"@timestamp":"desc"}]}""")));
    assertEquals(List.of("d3"), ids(search("logs", """
        {"query":{"bool":{"must":[{"match":{"message":"upstream"}}],"must_not":[{"term":{"log.level":"error"}}]}}}""")));
    assertEquals(List.of("d4", "d1"), ids(search("logs", """
        {"query":{"terms":{"log.level":["error","fatal"]}},"sort":[{"@timestamp":"desc"}]}""")));
    assertEquals(List.of("d1"), ids(search("logs", "{\"query\":{\"match_phrase\":{\"message\":\"cart failed\"}}}")));
    assertEquals(6, count("{\"query\":{\"exists\":{\"field\":\"http.status\"}}}"));
    assertEquals(1, count("{\"query\":{\"range\":{\"http.status\":{\"gt\":200,\"lt\":502}}}}"));
  }

  @Test
  void searchAfterPagesThroughWithoutOverlap() throws Exception {
    JsonNode page1 = search("logs", "{\"size\":4,\"sort\":[{\"@timestamp\":\"desc\"}]}");
    JsonNode last = page1.path("hits").path("hits").get(3).path("sort");
    JsonNode page2 = search("logs", "{\"size\":4,\"sort\":[{\"@timestamp\":\"desc\"}],\"search_after\":" + last + "}");
    assertEquals(List.of("d5", "d4", "d3", "d2"), ids(page1));
    assertEquals(List.of("d1", "d6"), ids(page2));
  }

  @Test
  void unmappedSortFieldsSortAsTheirUnmappedType() throws Exception {
    JsonNode page = search("logs", "{\"size\":2,\"sort\":[{\"@timestamp\":\"desc\"},"
        + "{\"no.such.offset\":{\"order\":\"desc\",\"unmapped_type\":\"long\"}}]}");
    assertEquals(List.of("d5", "d4"), ids(page));
    JsonNode last = page.path("hits").path("hits").get(1).path("sort");
    assertEquals(0, last.get(1).asLong(), "missing values sort as 0, a number, as Elasticsearch's unmapped long");
    String afterAsText = "[\"" + last.get(0).asText() + "\",\"" + last.get(1).asText() + "\"]";
    assertEquals(List.of("d3", "d2"), ids(search("logs", "{\"size\":2,\"sort\":[{\"@timestamp\":\"desc\"},"
        + "{\"no.such.offset\":{\"order\":\"desc\",\"unmapped_type\":\"long\"}}],\"search_after\":" + afterAsText + "}")),
        "sort values given back as strings, as browsers must");
  }

  @Test
  void sourceFilteringAndUrlParameters() throws Exception {
    JsonNode r = search("logs", "{\"query\":{\"term\":{\"kubernetes.pod.name\":\"redis-0\"}},\"_source\":[\"kubernetes.*\"],\"size\":1}");
    JsonNode source = r.path("hits").path("hits").get(0).path("_source");
    assertTrue(source.has("kubernetes") && !source.has("message"), source.toString());
    JsonNode labelled = search("logs", "{\"size\":1,\"query\":{\"term\":{\"kubernetes.pod.name\":\"redis-0\"}},"
        + "\"_source\":{\"includes\":[\"kubernetes.*\"],\"excludes\":[\"kubernetes.pod*\"]}}");
    assertEquals(1, labelled.path("hits").path("hits").size(), labelled.toString());
    JsonNode k8s = labelled.path("hits").path("hits").get(0).path("_source").path("kubernetes");
    assertTrue(k8s.has("namespace") && !k8s.has("pod"), k8s.toString());
    JsonNode q = JSON.readTree(Http.get(base + "/logs/_search?q=kubernetes.namespace:data&size=0").body());
    assertEquals(2, q.path("hits").path("total").path("value").asInt());
  }

  @Test
  void highlightEscapesForHtmlWhenAskedAndMarksWholeKeywordValues() throws Exception {
    JsonNode hit = search("logs", "{\"query\":{\"bool\":{\"must\":[{\"match\":{\"message\":\"timeout\"}},"
        + "{\"term\":{\"kubernetes.namespace\":\"shop\"}}]}},\"highlight\":{\"encoder\":\"html\",\"fields\":{\"*\":{}}}}")
        .path("hits").path("hits").get(0);
    assertEquals("GET &#x2F;api&#x2F;cart failed: <em>timeout</em> after 3000ms", hit.path("highlight").path("message").get(0).asText());
    assertEquals("<em>shop</em>", hit.path("highlight").path("kubernetes.namespace").get(0).asText());
    assertTrue(hit.path("highlight").path("kubernetes.pod.name").isMissingNode(), "no match, no highlight: " + hit);
    JsonNode anyField = search("logs", "{\"query\":{\"term\":{\"kubernetes.namespace\":\"shop\"}},"
        + "\"highlight\":{\"require_field_match\":false,\"fields\":{\"message\":{\"pre_tags\":[\"[\"],\"post_tags\":[\"]\"]}}}}");
    anyField.path("hits").path("hits").forEach(h -> assertTrue(h.path("highlight").isMissingNode(), "shop is not in a message: " + h));
  }

  @Test
  void unsupportedOrBrokenRequestsAnswer400NamingTheProblem() throws Exception {
    Map<String, String> cases = new java.util.HashMap<>(Map.of(
        "{\"query\":{\"fuzzy\":{\"message\":\"x\"}}}", "fuzzy",
        "{\"query\":{\"match\":{\"message\":{\"query\":\"x\",\"fuzziness\":2}}}}", "fuzziness",
        "{\"aggs\":{\"by\":{\"geohash_grid\":{\"field\":\"x\"}}}}", "geohash_grid",
        "{\"query\":{\"query_string\":{\"query\":\"a AND (\"}}}", "Failed to parse query",
        "{\"query\":{\"range\":{\"@timestamp\":{\"gte\":\"now-1x\"}}}}", "now-1x",
        "{\"from\":9999,\"size\":10}", "Result window is too large",
        "{not json", "not valid JSON",
        "{\"query\":{\"term\":{\"http.status\":\"abc\"}}}", "abc"));
    cases.putAll(Map.of(
        "{\"script_fields\":{\"x\":{\"script\":\"1\"}}}", "script_fields",
        "{\"runtime_mappings\":{\"x\":{\"type\":\"long\"}}}", "runtime_mappings",
        "{\"highlight\":{\"type\":\"fvh\",\"fields\":{\"message\":{}}}}", "fvh",
        "{\"highlight\":{\"fields\":{\"message\":{\"boundary_scanner\":\"word\"}}}}", "boundary_scanner",
        "{\"highlight\":{\"pre_tags\":[\"<b>\"]}}", "fields",
        "{\"timeout\":\"10\"}", "timeout",
        "{\"terminate_after\":-1}", "terminateAfter",
        "{\"docvalue_fields\":[\"message\"]}", "fielddata",
        "{\"fields\":[{\"field\":\"@timestamp\",\"format\":\"yyyy-MM-dd'T'qqq-bad\"}]}", "format",
        "{\"query\":{\"multi_match\":{\"query\":\"x\",\"type\":\"cross_fields\"}}}", "cross_fields"));
    for (var c : cases.entrySet()) {
      HttpResponse<String> r = Http.post(base + "/logs/_search", c.getKey());
      assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
      JsonNode error = JSON.readTree(r.body()).path("error");
      assertTrue(error.path("reason").asText().contains(c.getValue()), c.getKey() + " -> " + r.body());
      assertTrue(error.path("type").asText().endsWith("_exception"), r.body());
      assertEquals(400, JSON.readTree(r.body()).path("status").asInt());
    }
    HttpResponse<String> missing = Http.post(base + "/nosuchindex/_search", "{}");
    assertEquals(404, missing.statusCode());
    assertEquals("index_not_found_exception", JSON.readTree(missing.body()).path("error").path("type").asText());
    assertEquals(200, Http.post(base + "/nosuch-*/_search", "{}").statusCode(), "a wildcard that matches nothing is empty, not 404");
  }

  @Test
  void sourcesComeBackByteForByteHoweverTheirValuesAreSpelled() throws Exception {
    // times and numbers are stored apart from the text when doc values can spell them back exactly
    List<String> sources = List.of(
        "{\"@timestamp\":\"2026-02-03T10:00:00.123456789Z\",\"message\":\"a\",\"log\":{\"offset\":1234},\"json\":{\"ratio\":0.25}}",
        "{ \"@timestamp\" : \"2026-02-03T10:00:01Z\" , \"message\":\"b\", \"log\" : { \"offset\" : -7 } , \"json\":{\"ratio\":1.50}}",
        "{\"@timestamp\":\"2026-02-03T11:00:02+01:00\",\"message\":\"c\",\"log\":{\"offset\":\"99\"},\"json\":{\"ratio\":1e3}}",
        "{\"message\":\"d\",\"@timestamp\":\"2026-02-03T10:00:03.5Z\",\"log\":{\"offset\":[1,2]},\"k\\\"ey\":{\"n\":3}}",
        "{\"@timestamp\":1770112804000,\"message\":\"e\",\"a.b\":1,\"a\":{\"b\":2},\"json\":{\"ratio\":-0.0}}");
    for (int i = 0; i < sources.size(); i++) {
      // one request each, so the documents sit in several segments
      String body = "{\"create\":{\"_index\":\"verbatim\",\"_id\":\"v" + i + "\"}}\n" + sources.get(i) + "\n";
      assertEquals(false, JSON.readTree(Http.post(base + "/_bulk", "application/x-ndjson",
          body.getBytes(StandardCharsets.UTF_8)).body()).path("errors").asBoolean());
    }
    Await.until("verbatim documents searchable", Duration.ofSeconds(10),
        () -> JSON.readTree(Http.post(base + "/verbatim/_count", "{}").body()).path("count").asInt() == sources.size());
    for (String sort : List.of("\"@timestamp\":\"asc\"", "\"log.offset\":\"desc\"", "\"_doc\":\"desc\"")) {
      String answer = Http.post(base + "/verbatim/_search", "{\"size\":10,\"sort\":[{" + sort + "}]}").body();
      for (String source : sources) {
        assertTrue(answer.contains("\"_source\":" + source), sort + ": " + source + " in " + answer);
      }
    }
  }

  @Test
  void bulkAnswersPerItemAndDeduplicatesById() throws Exception {
    String body = """
        {"create":{"_index":"dedupe","_id":"same"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"first"}
        {"create":{"_index":"dedupe","_id":"same"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"second"}
        {"create":{"_index":"dedupe","_id":"bad-date"}}
        {"@timestamp":"last tuesday","message":"x"}
        {"create":{"_index":"dedupe","_id":"meta"}}
        {"_id":"sneaky","message":"x"}
        """;
    JsonNode r = JSON.readTree(Http.post(base + "/_bulk", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8)).body());
    assertEquals(true, r.path("errors").asBoolean());
    assertEquals(List.of(201, 409, 400, 400), createStatuses(r));
    assertEquals("version_conflict_engine_exception", r.path("items").get(1).path("create").path("error").path("type").asText());
    assertEquals("mapper_parsing_exception", r.path("items").get(2).path("create").path("error").path("type").asText());
    Await.until("first copy searchable", Duration.ofSeconds(10),
        () -> JSON.readTree(Http.post(base + "/dedupe/_search", "{}").body()).path("hits").path("total").path("value").asInt() == 1);
    assertEquals("first", search("dedupe", "{}").path("hits").path("hits").get(0).path("_source").path("message").asText());
    assertEquals("dedupe-2026.01.05", search("dedupe", "{}").path("hits").path("hits").get(0).path("_index").asText());
  }

  @Test
  void aRequestOfManyChunksIsAnsweredItemByItemInOrder() throws Exception {
    // a small first chunk, then chunks of 256: bad lines on each side of their edges, ids repeated across them
    Set<Integer> bad = Set.of(0, 31, 32, 33, 287, 288, 289, 699);
    Set<Integer> repeats = Set.of(40, 300);
    StringBuilder body = new StringBuilder();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      String id = "item-" + (repeats.contains(i) ? i - 10 : i);
      body.append("{\"create\":{\"_index\":\"chunks\",\"_id\":\"").append(id).append("\"}}\n")
          .append(bad.contains(i) ? "{\"message\": nope}" : "{\"@timestamp\":\"2026-01-05T10:00:00Z\",\"message\":\"m" + i + "\"}")
          .append('\n');
      expected.add(bad.contains(i) ? 400 : repeats.contains(i) ? 409 : 201);
    }
    JsonNode r = JSON.readTree(Http.post(base + "/_bulk", "application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8)).body());
    assertEquals(expected, createStatuses(r));
    for (int i = 0; i < 700; i++) {
      JsonNode item = r.path("items").get(i).path("create");
      assertEquals("item-" + (repeats.contains(i) ? i - 10 : i), item.path("_id").asText(), "item " + i + " in its place");
      if (bad.contains(i)) {
        assertTrue(item.path("error").path("reason").asText().startsWith("document line " + (2 * i + 2) + ":"),
            item.path("error").path("reason").asText());
      }
    }
    Await.until("the good documents searchable", Duration.ofSeconds(10),
        () -> search("chunks", "{}").path("hits").path("total").path("value").asInt() == 700 - bad.size() - repeats.size());
  }

  /** The create items from {@code first} on failed with {@code type}, their reasons starting as given, in order. */
  private static void assertItemErrors(JsonNode bulkAnswer, int first, String type, String... reasonStarts) {
    for (int i = 0; i < reasonStarts.length; i++) {
      JsonNode error = bulkAnswer.path("items").get(first + i).path("create").path("error");
      assertEquals(type, error.path("type").asText());
      assertTrue(error.path("reason").asText().startsWith(reasonStarts[i]), error.path("reason").asText());
    }
  }

  @Test
  void aBadDocumentLineFailsOnlyItsItemAndNamesTheLine() throws Exception {
    String body = """
        {"create":{"_index":"badlines","_id":"ok1"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"fine"}
        {"create":{"_index":"badlines","_id":"notjson"}}
        {"message": nope}

        {"create":{"_index":"badlines","_id":"array"}}
        [1,2]
        {"create":{"_index":"badlines","_id":"two"}}
        {"message":"a"} {"message":"b"}
        {"create":{"_index":"badlines","_id":"ok2"}}
        {"@timestamp":"2026-01-05T10:00:01Z","message":"still fine"}
        """;
    JsonNode r = JSON.readTree(Http.post(base + "/_bulk", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8)).body());
    assertEquals(List.of(201, 400, 400, 400, 201), createStatuses(r));
    assertItemErrors(r, 1, "mapper_parsing_exception", "document line 4: failed to parse: Unrecognized token 'nope'",
        "document line 7: failed to parse: the document is not a JSON object",
        "document line 9: failed to parse: the document holds more than one JSON value");
    Await.until("both good documents searchable", Duration.ofSeconds(10),
        () -> search("badlines", "{}").path("hits").path("total").path("value").asInt() == 2);
  }

  @Test
  void indexNamesThatElasticsearchRefusesFailTheirItemAndLeaveTheDataDirectoryAlone() throws Exception {
    String body = """
        {"create":{"_index":"../escaped","_id":"a"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"up and out"}
        {"create":{"_index":"Upper","_id":"b"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"capitals"}
        {"create":{"_index":"","_id":"c"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"no name"}
        {"create":{"_index":"goodname","_id":"d"}}
        {"@timestamp":"2026-01-05T10:00:00Z","message":"kept"}
        """;
    JsonNode r = JSON.readTree(Http.post(base + "/_bulk", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8)).body());
    assertEquals(List.of(400, 400, 400, 201), createStatuses(r));
    assertItemErrors(r, 0, "invalid_index_name_exception", "Invalid index name [../escaped], must not contain the following characters",
        "Invalid index name [Upper], must be lowercase", "Invalid index name [], must not be empty");
    try (var siblings = Files.list(dir)) {
      assertEquals(List.of(), siblings.filter(p -> p.getFileName().toString().startsWith("escaped")).toList());
    }
    assertEquals(404, Http.get(base + "/upper").statusCode());
    assertEquals(201, createStatuses(JSON.readTree(Http.post(base + "/escaped/_bulk", "application/x-ndjson",
        "{\"create\":{\"_id\":\"e\"}}\n{\"message\":\"a plain name\"}\n".getBytes(StandardCharsets.UTF_8)).body())).get(0));
  }

  @Test
  void idPatternsMatchIdsHeldAsBytes() throws Exception {
    // the first two are held as their decoded bytes, the last as text
    List<String> ids = List.of("GB16mySHghdKTx9XfSP6Iw", "GB16zzzzzzzzzzzzzzzzzw", "GB16-plain");
    StringBuilder body = new StringBuilder();
    for (String id : ids) {
      body.append("{\"create\":{\"_index\":\"idpatterns\",\"_id\":\"").append(id).append("\"}}\n")
          .append("{\"@timestamp\":\"2026-01-05T10:00:00Z\",\"message\":\"m\"}\n");
    }
    JsonNode stored = JSON.readTree(Http.post(base + "/_bulk", "application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8)).body());
    assertEquals(List.of(201, 201, 201), createStatuses(stored));
    Await.until("ids searchable", Duration.ofSeconds(10),
        () -> search("idpatterns", "{}").path("hits").path("total").path("value").asInt() == 3);
    Map<String, List<String>> expected = Map.of(
        "{\"prefix\":{\"_id\":\"GB16\"}}", ids,
        "{\"prefix\":{\"_id\":\"GB16my\"}}", List.of("GB16mySHghdKTx9XfSP6Iw"),
        "{\"wildcard\":{\"_id\":\"GB16*zw\"}}", List.of("GB16zzzzzzzzzzzzzzzzzw"),
        "{\"term\":{\"_id\":{\"value\":\"gb16MYSHGHDKTX9XFSP6IW\",\"case_insensitive\":true}}}", List.of("GB16mySHghdKTx9XfSP6Iw"),
        "{\"term\":{\"_id\":\"GB16-plain\"}}", List.of("GB16-plain"),
        "{\"term\":{\"_id\":\"GB16mySHghdKTx9XfSP6Iw\"}}", List.of("GB16mySHghdKTx9XfSP6Iw"),
        "{\"ids\":{\"values\":[\"GB16zzzzzzzzzzzzzzzzzw\",\"GB16-plain\",\"GB16-absent\"]}}", List.of("GB16zzzzzzzzzzzzzzzzzw", "GB16-plain"),
        "{\"terms\":{\"_id\":[\"GB16mySHghdKTx9XfSP6Iw\",\"GB16-plain\"]}}", List.of("GB16mySHghdKTx9XfSP6Iw", "GB16-plain"));
    for (var e : expected.entrySet()) {
      List<String> found = new ArrayList<>();
      search("idpatterns", "{\"query\":" + e.getKey() + "}").path("hits").path("hits").forEach(h -> found.add(h.path("_id").asText()));
      assertEquals(new java.util.TreeSet<>(e.getValue()), new java.util.TreeSet<>(found), e.getKey());
    }
  }

  private static List<Integer> createStatuses(JsonNode bulkAnswer) {
    List<Integer> statuses = new ArrayList<>();
    bulkAnswer.path("items").forEach(i -> statuses.add(i.path("create").path("status").asInt()));
    return statuses;
  }

  @Test
  void gzipBodiesAreAcceptedAndOversizedOnesAnswer413() throws Exception {
    String body = "{\"create\":{\"_index\":\"gz\",\"_id\":\"g1\"}}\n{\"message\":\"zipped\"}\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(body.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = Http.post(base + "/_bulk", "application/x-ndjson", bytes.toByteArray(), "Content-Encoding", "gzip");
    assertEquals(201, JSON.readTree(r.body()).path("items").get(0).path("create").path("status").asInt(), r.body());
    HttpResponse<String> big = Http.post(base + "/_bulk", "application/x-ndjson", new byte[2 << 20]);
    assertEquals(413, big.statusCode());
  }

  @Test
  void clusterEndpointsAnswerAsElasticsearchDoes() throws Exception {
    JsonNode root = JSON.readTree(Http.get(base + "/").body());
    assertEquals("7.10.2", root.path("version").path("number").asText());
    assertEquals("green", JSON.readTree(Http.get(base + "/_cluster/health").body()).path("status").asText());
    assertTrue(Http.get(base + "/_cat/indices?v").body().contains("logs-"));
    JsonNode cat = JSON.readTree(Http.get(base + "/_cat/indices?format=json").body());
    assertTrue(cat.isArray() && cat.size() >= 1);
    JsonNode mapping = JSON.readTree(Http.get(base + "/logs").body());
    JsonNode props = mapping.elements().next().path("mappings").path("properties");
    assertEquals("keyword", props.path("kubernetes.namespace").path("type").asText());
    assertEquals("long", props.path("http.status").path("type").asText());
    assertEquals("text", props.path("message").path("type").asText());
    JsonNode mappingOnly = JSON.readTree(Http.get(base + "/logs/_mapping").body()).elements().next();
    assertEquals("date_nanos", mappingOnly.path("mappings").path("properties").path("@timestamp").path("type").asText());
    assertEquals(404, Http.get(base + "/nosuch/_mapping").statusCode());
    JsonNode caps = JSON.readTree(Http.get(base + "/logs-*/_field_caps?fields=kubernetes.*,message,http.status").body());
    assertEquals("keyword", caps.path("fields").path("kubernetes.namespace").path("keyword").path("type").asText());
    assertEquals(true, caps.path("fields").path("kubernetes.namespace").path("keyword").path("aggregatable").asBoolean());
    assertEquals(false, caps.path("fields").path("message").path("text").path("aggregatable").asBoolean());
    assertEquals(true, caps.path("fields").path("http.status").path("long").path("searchable").asBoolean());
    assertTrue(caps.path("fields").path("log.level").isMissingNode(), "only the fields asked for");
    assertTrue(caps.path("indices").size() >= 1);
    assertEquals(404, Http.get(base + "/_nope/x/y").statusCode());
    assertEquals("no_handler_found_exception",
        JSON.readTree(Http.post(base + "/_msearchx", "{}").body()).path("error").path("type").asText());
    String metrics = Http.get(base + "/metrics").body();
    assertTrue(metrics.contains("trawl_indexer_docs_indexed_total"));
    assertTrue(metrics.contains("trawl_indexer_partition_series_tables_bytes{partition=\"logs-"), "series tables' heap per partition");
  }

  @Test
  void msearchAnswersEachPairInOrderAsGrafanaSendsThem() throws Exception {
    String body = """
        {"search_type":"query_then_fetch","ignore_unavailable":true,"index":"logs-*"}
        {"size":0,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"now-1h","lte":"now","format":"epoch_millis"}}},{"query_string":{"analyze_wildcard":true,"query":"*"}}]}},"aggs":{"2":{"date_histogram":{"interval":"1m","field":"@timestamp","min_doc_count":0,"extended_bounds":{"min":"now-10m","max":"now"},"format":"epoch_millis"}}}}
        {"index":["logs"]}
        {"query":{"term":{"log.level":"error"}},"sort":[{"@timestamp":"desc"}]}
        {}
        {"query":{"fuzzy":{"message":"x"}}}
        """;
    HttpResponse<String> r = Http.post(base + "/_msearch", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode responses = JSON.readTree(r.body()).path("responses");
    assertEquals(3, responses.size());
    assertEquals(200, responses.get(0).path("status").asInt());
    assertEquals(5, responses.get(0).path("hits").path("total").path("value").asInt(), "the 3h-old line is outside the hour");
    long inBuckets = 0;
    for (JsonNode b : responses.get(0).path("aggregations").path("2").path("buckets")) {
      inBuckets += b.path("doc_count").asLong();
    }
    assertEquals(5, inBuckets);
    assertEquals(List.of("d4", "d1"), ids(responses.get(1)));
    assertEquals(400, responses.get(2).path("status").asInt());
    assertTrue(responses.get(2).path("error").path("reason").asText().contains("fuzzy"), responses.get(2).toString());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", indexer.port())) {
      socket.setSoTimeout(10_000);
      String slow = "{\"query\":{\"query_string\":{\"query\":\"cart OR upstream OR shard\"}},\"size\":100}";
      StringBuilder requests = new StringBuilder();
      requests.append("POST /logs/_search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ")
          .append(slow.length()).append("\r\n\r\n").append(slow);
      requests.append("GET /_cluster/health HTTP/1.1\r\nHost: x\r\n\r\n");
      requests.append("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int search = all.indexOf("\"hits\"");
      int health = all.indexOf("\"cluster_name\"");
      int ok = all.lastIndexOf("ok\n");
      assertTrue(search > 0 && health > search && ok > health, all);
    }
  }
}
