package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.store.SamePoolWords;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rare id-like words (trace ids, hashes, long numbers) share pool terms with other words on disk;
 * every query that takes free text still finds exactly the documents that hold them, never those
 * holding another word of the same pool, and highlights the word itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PooledWordsSearchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POD_HASH = "5d78c9869d";
  private static final String[] SAME_POOL = SamePoolWords.pair();
  private static final String A = SAME_POOL[0];
  private static final String B = SAME_POOL[1];
  private static final String UPPER = "9f86d081884c7d65";
  private static final String ESCAPED = "2c26b46b68ffc68f";

  @TempDir static Path dir;
  private Indexer indexer;
  private String base;

  @BeforeAll
  void start() throws Exception {
    indexer = LoopbackIndexer.start(dir, Map.of("TRAWL_REFRESH_INTERVAL", "100ms"));
    base = "http://127.0.0.1:" + indexer.port();
    Map<String, String> messages = new LinkedHashMap<>();
    messages.put("a", "request " + A + " done in 12 ms");
    messages.put("b", "request " + B + " done in 15 ms");
    messages.put("c", "retry of " + A + "-" + B + " failed");
    messages.put("upper", "REQUEST " + UPPER.toUpperCase(Locale.ROOT) + " DONE");
    // the JSON text spells the word's first character as an escape
    messages.put("escaped", "id \\u" + String.format(Locale.ROOT, "%04x", (int) ESCAPED.charAt(0)) + ESCAPED.substring(1));
    for (int i = 0; i < 6; i++) {
      messages.put("pod" + i, "pod web-" + POD_HASH + "-x2x4q ready " + i);
    }
    StringBuilder bulk = new StringBuilder();
    String ts = Instant.now().toString();
    messages.forEach((id, message) -> bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"").append(id).append("\"}}\n")
        .append("{\"@timestamp\":\"").append(ts).append("\",\"message\":\"").append(message).append("\"}\n"));
    HttpResponse<String> r = Http.post(base + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    assertFalse(JSON.readTree(r.body()).path("errors").asBoolean(), r.body());
    Await.until("documents searchable", Duration.ofSeconds(10), () -> search("{\"query\":{\"match_all\":{}}}")
        .path("hits").path("total").path("value").asInt() == messages.size());
  }

  @AfterAll
  void stop() {
    indexer.close();
  }

  private JsonNode search(String body) throws Exception {
    HttpResponse<String> r = Http.post(base + "/logs/_search", body);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private List<String> ids(String query) throws Exception {
    List<String> ids = new ArrayList<>();
    search("{\"query\":" + query + "}").path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
    ids.sort(null);
    return ids;
  }

  @Test
  void aPooledWordFindsItsOwnDocumentsOnly() throws Exception {
    assertEquals(List.of("a", "c"), ids("{\"match\":{\"message\":\"" + A + "\"}}"));
    assertEquals(List.of("b", "c"), ids("{\"match\":{\"message\":\"" + B.toUpperCase(Locale.ROOT) + "\"}}"));
    assertEquals(List.of("a", "c"), ids("{\"term\":{\"message\":\"" + A + "\"}}"));
    assertEquals(List.of("a", "c"), ids("{\"query_string\":{\"query\":\"" + A + "\"}}"));
    assertEquals(List.of("b", "c"), ids("{\"simple_query_string\":{\"query\":\"" + B + "\",\"fields\":[\"message\"]}}"));
    assertEquals(List.of("a"), ids("{\"bool\":{\"must\":[{\"match\":{\"message\":\"" + A + "\"}}],"
        + "\"must_not\":[{\"match\":{\"message\":\"retry\"}}]}}"));
    assertEquals(List.of("upper"), ids("{\"match\":{\"message\":\"" + UPPER + "\"}}"), "a word sent in capitals");
    assertEquals(List.of("escaped"), ids("{\"match\":{\"message\":\"" + ESCAPED + "\"}}"), "a word sent with an escape");
    HttpResponse<String> count = Http.post(base + "/logs/_count", "{\"query\":{\"match\":{\"message\":\"" + B + "\"}}}");
    assertEquals(2, JSON.readTree(count.body()).path("count").asInt(), count.body());
  }

  @Test
  void phrasesWithPooledWordsKeepTheirOrderAndSlop() throws Exception {
    assertEquals(List.of("a"), ids("{\"match_phrase\":{\"message\":\"request " + A + "\"}}"));
    assertEquals(List.of("c"), ids("{\"match_phrase\":{\"message\":\"" + A + " " + B + "\"}}"));
    assertEquals(List.of("c"), ids("{\"query_string\":{\"query\":\"" + A + "-" + B + "\"}}"), "a whole made of parts is a phrase");
    assertEquals(List.of(), ids("{\"match_phrase\":{\"message\":\"" + B + " " + A + "\"}}"));
    assertEquals(List.of(), ids("{\"match_phrase\":{\"message\":\"" + A + " in\"}}"));
    assertEquals(List.of("a"), ids("{\"match_phrase\":{\"message\":{\"query\":\"" + A + " in\",\"slop\":1}}}"));
    HttpResponse<String> bad = Http.post(base + "/logs/_search", "{\"query\":{\"match_phrase\":{\"message\":{\"query\":\"a b\",\"slop\":-1}}}}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("slop"), bad.body());
  }

  @Test
  void highlightsMarkThePooledWordItself() throws Exception {
    JsonNode hits = search("{\"query\":{\"match\":{\"message\":\"" + A + "\"}},\"highlight\":{\"fields\":{\"message\":{}}}}")
        .path("hits").path("hits");
    assertEquals(2, hits.size());
    for (JsonNode hit : hits) {
      String fragment = hit.path("highlight").path("message").path(0).asText();
      assertTrue(fragment.contains("<em>" + A + "</em>"), fragment);
      assertFalse(fragment.contains("<em>" + B + "</em>"), fragment);
    }
    String phrase = search("{\"query\":{\"match_phrase\":{\"message\":\"request " + A + "\"}},"
        + "\"highlight\":{\"fields\":{\"message\":{}}}}").path("hits").path("hits").path(0).path("highlight").path("message").path(0).asText();
    assertEquals("<em>request</em> <em>" + A + "</em> done in 12 ms", phrase);
  }

  @Test
  void idLikeWordsInManyDocumentsAreFoundAsAlways() throws Exception {
    assertEquals(List.of("pod0", "pod1", "pod2", "pod3", "pod4", "pod5"), ids("{\"match\":{\"message\":\"" + POD_HASH + "\"}}"));
    assertEquals(List.of("pod2"), ids("{\"match_phrase\":{\"message\":\"web-" + POD_HASH + "-x2x4q ready 2\"}}"));
  }
}
