package dev.trawl.queryui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.config.ConfigLoader;
import dev.trawl.testing.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real query UI against a fake Elasticsearch-compatible {@code _search} on loopback. */
class QueryUiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer fakeIndexer;
  private final List<JsonNode> searches = new CopyOnWriteArrayList<>();
  private QueryUi ui;
  private String base;

  @BeforeEach
  void start() throws Exception {
    fakeIndexer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakeIndexer.createContext("/", ex -> {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      searches.add(body);
      String q = body.path("query").path("bool").path("must").path(0).path("query_string").path("query").asText("");
      byte[] answer;
      int status = 200;
      if (q.contains("(")) {
        status = 400;
        answer = "{\"error\":{\"type\":\"parsing_exception\",\"reason\":\"Failed to parse query [(]\"},\"status\":400}"
            .getBytes(StandardCharsets.UTF_8);
      } else {
        answer = ("{\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"hits\":[{\"_index\":\"logs-2026.11.23\",\"_id\":\"x1\","
            + "\"_source\":{\"@timestamp\":\"2026-11-23T12:00:00Z\",\"message\":\"<img src=x onerror=alert(1)>\"}}]}}")
            .getBytes(StandardCharsets.UTF_8);
      }
      ex.sendResponseHeaders(status, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    fakeIndexer.start();
    ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, Map.of(
        "TRAWL_INDEXER_URL", "http://127.0.0.1:" + fakeIndexer.getAddress().getPort(), "TRAWL_HTTP_PORT", "0",
        "TRAWL_TLS_PORT", "0")));
    base = "http://127.0.0.1:" + ui.port();
  }

  @AfterEach
  void stop() {
    ui.close();
    fakeIndexer.stop(0);
  }

  @Test
  void searchAsksForTheRangeNewestFirstAndAnswersInTheApiShape() throws IOException, InterruptedException {
    HttpResponse<String> r = Http.get(base + "/api/search?q=kubernetes.namespace:shop&from=now-1h&to=now&size=5");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals(1, body.path("total").asLong());
    assertEquals("x1", body.path("hits").get(0).path("_id").asText());
    assertEquals("<img src=x onerror=alert(1)>", body.path("hits").get(0).path("_source").path("message").asText());
    JsonNode sent = searches.get(0);
    assertEquals("now-1h", sent.at("/query/bool/filter/0/range/@timestamp/gte").asText());
    assertEquals("now", sent.at("/query/bool/filter/0/range/@timestamp/lte").asText());
    assertEquals("kubernetes.namespace:shop", sent.at("/query/bool/must/0/query_string/query").asText());
    assertEquals("desc", sent.at("/sort/0/@timestamp/order").asText());
    assertEquals("desc", sent.at("/sort/1/log.offset/order").asText(), "ties broken by file offset");
    assertEquals(5, sent.path("size").asInt());
  }

  @Test
  void theIndexersReasonForABadQueryComesBackAs400() throws IOException, InterruptedException {
    HttpResponse<String> r = Http.get(base + "/api/search?q=%28");
    assertEquals(400, r.statusCode());
    assertEquals("Failed to parse query [(]", JSON.readTree(r.body()).path("error").asText());
    HttpResponse<String> size = Http.get(base + "/api/search?size=lots");
    assertEquals(400, size.statusCode());
    assertTrue(JSON.readTree(size.body()).path("error").asText().contains("'lots'"));
    for (String filters : new String[] {"not-json", "{\"field\":\"a\"}", "[{\"value\":\"x\"}]", "[{\"field\":\"a\",\"value\":{}}]"}) {
      HttpResponse<String> bad = Http.get(base + "/api/histogram?filters=" + java.net.URLEncoder.encode(filters, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(400, bad.statusCode(), filters);
      assertTrue(JSON.readTree(bad.body()).path("error").asText().startsWith("filters must be a JSON array"), bad.body());
    }
    HttpResponse<String> field = Http.get(base + "/api/values?field=a%20b");
    assertEquals(400, field.statusCode());
    assertTrue(JSON.readTree(field.body()).path("error").asText().contains("'a b'"), field.body());
    assertEquals(404, Http.get(base + "/api/nothing").statusCode());
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicy() throws IOException, InterruptedException {
    for (String path : List.of("/", "/app.js", "/app.css", "/api/search")) {
      HttpResponse<String> r = Http.get(base + path);
      assertEquals(200, r.statusCode(), path);
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
    }
    assertTrue(Http.get(base + "/").body().contains("<script type=\"module\" src=\"/app.js\">"));
    assertEquals(404, Http.get(base + "/../../etc/passwd").statusCode());
    assertTrue(Http.get(base + "/metrics").body().contains("trawl_queryui_api_search_latency"));
  }
}
