package dev.trawl.collector.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The setup against a loopback stand-in for an OpenSearch cluster with the Index State Management
 * plugin (the real node in {@code compat/} has none): what it stores is kept, so repeated runs
 * show what is installed once, what is left alone, and what is updated in place. The answers'
 * shapes follow OpenSearch's documented ISM and index template APIs.
 */
class OpenSearchSetupTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final Map<String, String> stored = new ConcurrentHashMap<>();
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private volatile String distribution = "opensearch";
  private volatile int failuresLeft;
  private volatile String forbidden = "";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (failuresLeft > 0) {
      failuresLeft--;
      reply(ex, 503, "{}");
      return;
    }
    if (path.equals("/")) {
      reply(ex, 200, "{\"version\":{\"distribution\":\"" + distribution + "\",\"number\":\"2.19.1\"}}");
    } else if (path.equals(forbidden)) {
      reply(ex, 403, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"no permissions\"},\"status\":403}");
    } else if (method.equals("GET")) {
      String value = stored.get(path);
      if (value == null) {
        reply(ex, 404, "{\"error\":{\"type\":\"resource_not_found_exception\"},\"status\":404}");
      } else if (path.startsWith("/_index_template/")) {
        reply(ex, 200, "{\"index_templates\":[{\"name\":\"x\",\"index_template\":" + value + "}]}");
      } else if (path.startsWith("/_plugins/_ism/policies/")) {
        reply(ex, 200, "{\"_id\":\"trawl-retention\",\"_seq_no\":7,\"_primary_term\":1,\"policy\":"
            + JSON.readTree(value).path("policy") + "}");
      } else {
        reply(ex, 200, "{\"data_streams\":[{\"name\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}]}");
      }
    } else {
      writes.add(method + " " + ex.getRequestURI());
      stored.put(path, body.isEmpty() ? "{}" : body);
      reply(ex, path.startsWith("/_plugins/_ism/") ? 201 : 200, "{\"acknowledged\":true}");
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private OpenSearchSetup setup(Duration retention) {
    return new OpenSearchSetup("http://127.0.0.1:" + server.getAddress().getPort(), "t0k", "logs", "metrics", retention);
  }

  @Test
  void installsOnceThenLeavesAloneThenUpdatesTheRetentionInPlace() throws Exception {
    OpenSearchSetup.Outcome first = setup(Duration.ofDays(7)).run();
    assertEquals("opensearch 2.19.1", first.target());
    assertEquals(List.of(), first.refused());
    assertEquals(List.of("PUT /_index_template/trawl-logs", "PUT /_index_template/trawl-metrics", "PUT /_data_stream/logs",
        "PUT /_data_stream/metrics", "PUT /_plugins/_ism/policies/trawl-retention"), writes);
    JsonNode template = JSON.readTree(stored.get("/_index_template/trawl-logs"));
    assertEquals("logs", template.path("index_patterns").path(0).asText());
    assertTrue(template.has("data_stream"));
    assertEquals("date_nanos", template.at("/template/mappings/properties/@timestamp/type").asText());
    assertEquals("flat_object", template.at("/template/mappings/properties/kubernetes/properties/labels/type").asText());
    JsonNode policy = JSON.readTree(stored.get("/_plugins/_ism/policies/trawl-retention")).path("policy");
    assertEquals("10080m", policy.at("/states/0/transitions/0/conditions/min_index_age").asText());
    assertEquals(List.of("logs", "metrics"), List.of(policy.at("/ism_template/0/index_patterns/0").asText(),
        policy.at("/ism_template/0/index_patterns/1").asText()));

    writes.clear();
    assertEquals(List.of(), setup(Duration.ofDays(7)).run().changes());
    assertEquals(List.of(), writes, "a second collector changes nothing");

    setup(Duration.ofDays(30)).run();
    assertEquals(List.of("PUT /_plugins/_ism/policies/trawl-retention?if_seq_no=7&if_primary_term=1"), writes,
        "a new retention updates the stored policy, guarded by its sequence number");
    assertEquals("43200m", JSON.readTree(stored.get("/_plugins/_ism/policies/trawl-retention"))
        .at("/policy/states/0/transitions/0/conditions/min_index_age").asText());
  }

  @Test
  void aRefusedStepIsReportedAndTheRestStillRuns() throws Exception {
    forbidden = "/_index_template/trawl-logs";
    OpenSearchSetup.Outcome outcome = setup(Duration.ofDays(7)).run();
    assertEquals(List.of("read index template trawl-logs"), outcome.refused());
    assertEquals(List.of("PUT /_index_template/trawl-metrics", "PUT /_data_stream/logs", "PUT /_data_stream/metrics",
        "PUT /_plugins/_ism/policies/trawl-retention"), writes, "a 403 does not hold back shipping or the other steps");
  }

  @Test
  void leavesOtherEnginesAlone() throws Exception {
    distribution = "trawl";
    assertEquals(List.of(), setup(Duration.ofDays(7)).run().changes());
    assertEquals(List.of(), writes);
  }

  @Test
  void aClusterThatIsNotReadyIsReportedForARetry() {
    failuresLeft = 1;
    IOException e = assertThrows(IOException.class, () -> setup(Duration.ofDays(7)).prepare());
    assertTrue(e.getMessage().contains("503"), e.getMessage());
    assertEquals(List.of(), writes);
  }
}
