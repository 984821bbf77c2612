package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.indexer.Indexer;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people search logs for: a class name inside its package, a file inside its path, an
 * address, a UUID, a {@code key=value} pair. Each is found by its whole and by its parts, through
 * every query that takes free text, and not where its parts only appear apart or out of order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogTextSearchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UUID = "0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f";
  private static final Map<String, String> MESSAGES = Map.of(
      "path", "GET /var/log/pods/app.log from 10.244.3.17:8080 took 12ms",
      "npe", "java.lang.NullPointerException at com.example.Cart.total(Cart.java:42)",
      "pairs", "request " + UUID + " done status=500 user_id=42",
      "decoy", "500 status, 17.3.244.10, log app, lang java, 42 user_id",
      "cjk", "配置文件已加载");

  @TempDir static Path dir;
  private Indexer indexer;
  private String base;

  @BeforeAll
  void start() throws Exception {
    indexer = LoopbackIndexer.start(dir, Map.of("TRAWL_REFRESH_INTERVAL", "100ms"));
    base = "http://127.0.0.1:" + indexer.port();
    StringBuilder bulk = new StringBuilder();
    String ts = Instant.now().toString();
    MESSAGES.forEach((id, message) -> bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"").append(id).append("\"}}\n")
        .append("{\"@timestamp\":\"").append(ts).append("\",\"message\":").append(quoted(message)).append("}\n"));
    HttpResponse<String> r = Http.post(base + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(false, JSON.readTree(r.body()).path("errors").asBoolean(), r.body());
    Await.until("documents searchable", Duration.ofSeconds(10), () -> ids("{\"query\":{\"match_all\":{}}}").size() == 5);
  }

  @AfterAll
  void stop() {
    indexer.close();
  }

  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> ids(String body) throws Exception {
    HttpResponse<String> r = Http.post(base + "/logs/_search", body);
    assertEquals(200, r.statusCode(), r.body());
    List<String> ids = new ArrayList<>();
    JSON.readTree(r.body()).path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
    ids.sort(null);
    return ids;
  }

  private List<String> queryString(String query) throws Exception {
    return ids("{\"query\":{\"query_string\":{\"query\":" + quoted(query) + "}}}");
  }

  private List<String> match(String text, String operator) throws Exception {
    return ids("{\"query\":{\"match\":{\"message\":{\"query\":" + quoted(text) + ",\"operator\":\"" + operator + "\"}}}}");
  }

  private List<String> simple(String text) throws Exception {
    return ids("{\"query\":{\"simple_query_string\":{\"query\":" + quoted(text) + ",\"fields\":[\"message\"]}}}");
  }

  @Test
  void wholesAreFoundAsPhrasesOfTheirParts() throws Exception {
    for (String whole : List.of("10.244.3.17", "10.244.3.17:8080", "/var/log/pods/app.log", "app.log")) {
      assertEquals(List.of("path"), queryString(whole.replace(":", "\\:").replace("/", "\\/")), whole);
      assertEquals(List.of("path"), queryString('"' + whole + '"'), whole);
      assertEquals(List.of("path"), match(whole, "or"), whole);
      assertEquals(List.of("path"), simple(whole), whole);
    }
    assertEquals(List.of("npe"), queryString("java.lang.NullPointerException"));
    assertEquals(List.of("npe"), queryString("Cart.java\\:42"), "query_string's colon escaped, as in Elasticsearch");
    for (String whole : List.of(UUID, "status=500", "user_id=42", "STATUS=500")) {
      assertEquals(List.of("pairs"), queryString(whole), whole);
      assertEquals(List.of("pairs"), match(whole, "or"), whole);
      assertEquals(List.of("pairs"), simple(whole), whole);
    }
    assertEquals(List.of("cjk"), queryString("文件"));
  }

  @Test
  void partsAreWordsOfTheirOwn() throws Exception {
    assertEquals(List.of("npe"), queryString("NullPointerException"));
    assertEquals(List.of("decoy", "path"), queryString("app"));
    assertEquals(List.of("pairs"), queryString("4d2d"));
    assertEquals(List.of("decoy", "pairs"), queryString("user_id"));
    assertEquals(List.of("path"), queryString("8080"));
    assertEquals(List.of("cjk"), queryString("载"));
  }

  @Test
  void termsStillCombineAsTheQuerySays() throws Exception {
    assertEquals(List.of("decoy", "npe", "path"), match("10.244.3.17 java", "or"), "a whole, or a word");
    assertEquals(List.of("path"), match("10.244.3.17 took", "and"));
    assertEquals(List.of(), match("10.244.3.17 lang", "and"));
    assertEquals(List.of("pairs", "path"), queryString("10.244.3.17 OR status=500"));
    assertEquals(List.of("decoy"), queryString("status AND NOT status=500"));
    assertEquals(List.of("pairs"), ids("{\"query\":{\"match_phrase\":{\"message\":\"done status=500\"}}}"));
  }
}
