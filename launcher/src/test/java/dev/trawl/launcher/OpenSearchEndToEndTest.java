package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.ship.BulkClient;
import dev.trawl.collector.ship.BulkItemResult;
import dev.trawl.config.ConfigLoader;
import dev.trawl.launcher.demo.Demo;
import dev.trawl.launcher.demo.DemoConfig;
import dev.trawl.launcher.demo.DemoPods;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import dev.trawl.testing.OpenSearchNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out path: the demo workload through the unchanged collector into a real OpenSearch
 * node, and the unchanged query UI reading it back. The collector prepares OpenSearch itself
 * (templates, data streams) before its first bulk request.
 */
class OpenSearchEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private static JsonNode get(String url) throws Exception {
    return JSON.readTree(Http.get(url).body());
  }

  private static String q(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  @Test
  void demoWorkloadThroughCollectorIntoOpenSearchAndBackThroughTheQueryUi() throws Exception {
    try (OpenSearchNode node = OpenSearchNode.start(dir.resolve("opensearch"), "768m");
        Demo demo = Demo.start(new ConfigLoader(DemoConfig.KEYS).load(null, Map.of(
            "TRAWL_DEMO_DIR", dir.resolve("demo").toString(), "TRAWL_DEMO_RATE", "3",
            "TRAWL_DEMO_INDEXER_URL", node.url(), "TRAWL_DEMO_QUERY_UI_PORT", "0", "TRAWL_DEMO_COLLECTOR_PORT", "0")))) {
      String ui = demo.url();
      for (String ns : DemoPods.NAMESPACES) {
        JsonNode r = Await.until("logs of namespace " + ns + " through the query UI", WAIT,
            () -> get(ui + "api/search?size=5&q=" + q("kubernetes.namespace:" + ns)), b -> b.path("total").asInt() > 0);
        JsonNode source = r.path("hits").get(0).path("_source");
        assertEquals(ns, source.at("/kubernetes/namespace").asText());
        assertFalse(source.at("/kubernetes/labels/app").asText().isEmpty(), source.toString());
        assertEquals(Demo.NODE_NAME, source.at("/kubernetes/node/name").asText());
      }
      assertEquals("logs", get(node.url() + "/_data_stream/logs").path("data_streams").path(0).path("name").asText(),
          "the collector made logs a data stream before its first bulk request");

      JsonNode errors = Await.until("a few error lines", WAIT, () -> get(ui + "api/search?size=20&q=" + q("log.level:error")),
          b -> b.path("hits").size() >= 6);
      errors.path("hits").forEach(h -> assertEquals("error", h.at("/_source/log/level").asText()));

      JsonNode page2 = get(ui + "api/search?size=5&q=" + q("log.level:error") + "&after="
          + q(errors.path("hits").get(4).path("sort").toString()));
      assertEquals(errors.path("hits").get(5).path("_id").asText(), page2.path("hits").get(0).path("_id").asText(),
          "search_after paging over OpenSearch's sort values");

      JsonNode histogram = get(ui + "api/histogram?from=now-1h&to=now%2B1m&q=*");
      long bucketed = 0;
      for (JsonNode b : histogram.path("buckets")) {
        bucketed += b.path("count").asLong();
      }
      assertTrue(bucketed > 0, histogram.toString());

      JsonNode fields = get(ui + "api/fields?q=*");
      assertTrue(fields.path("fields").toString().contains("kubernetes.namespace"), fields.toString());

      assertTrue(get(ui + "api/fieldnames").path("fields").toString().contains("\"kubernetes.pod.name\""),
          "field names for completion from OpenSearch's _field_caps");
      JsonNode namespaces = get(ui + "api/values?field=kubernetes.namespace&from=now-1h&to=now%2B1m");
      for (String ns : DemoPods.NAMESPACES) {
        assertTrue(namespaces.path("values").toString().contains("\"value\":\"" + ns + "\""), namespaces.toString());
      }
      try (java.io.BufferedReader tail = new java.io.BufferedReader(new java.io.InputStreamReader(java.net.http.HttpClient
          .newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui + "api/tail?q=*")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8))) {
        String line = tail.readLine();
        while (line != null && !line.startsWith("data: ")) {
          line = tail.readLine();
        }
        assertTrue(line != null && JSON.readTree(line.substring(6)).path("hits").size() > 0,
            "live tail over OpenSearch: new demo lines streamed: " + line);
      }

      String id = errors.path("hits").get(0).path("_id").asText();
      JsonNode context = get(ui + "api/context?id=" + q(id));
      assertTrue(context.toString().contains(id), context.toString());

      JsonNode cpu = Await.until("container metric documents in OpenSearch", WAIT, () -> JSON.readTree(Http.post(
          node.url() + "/metrics/_search", "{\"size\":1,\"query\":{\"term\":{\"metric.name\":\"container_cpu_usage_seconds_total\"}}}")
          .body()), b -> b.path("hits").path("total").path("value").asInt() > 0).path("hits").path("hits").get(0);
      assertTrue(cpu.at("/_source/metric/value").asDouble() > 0, cpu.toString());

      // Redelivery, as after a collector crash: the same _id and source again answers 409, counted as delivered.
      JsonNode stored = errors.path("hits").get(0);
      byte[] body = ("{\"create\":{\"_index\":\"logs\",\"_id\":\"" + stored.path("_id").asText() + "\"}}\n"
          + stored.path("_source").toString() + "\n").getBytes(StandardCharsets.UTF_8);
      List<BulkItemResult> again = new BulkClient(node.url(), null, Duration.ofSeconds(30)).send(body, false, 1);
      assertEquals(409, again.get(0).status());
      assertTrue(again.get(0).delivered());
    }
  }
}
