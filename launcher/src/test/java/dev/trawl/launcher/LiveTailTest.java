package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.testing.Http;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/tail} over a real indexer: what a browser's EventSource reads. */
class LiveTailTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Indexer indexer;
  private QueryUi ui;
  private final List<InputStream> streams = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR", dir.toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "100ms")));
    ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, Map.of(
        "TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port(), "TRAWL_HTTP_PORT", "0", "TRAWL_TLS_PORT", "0")));
  }

  @AfterEach
  void stop() throws Exception {
    for (InputStream s : streams) {
      s.close();
    }
    ui.close();
    indexer.close();
  }

  private void write(List<String> ids, Instant at, String namespace) throws Exception {
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"").append(ids.get(i)).append("\"}}\n{\"@timestamp\":\"")
          .append(at.minusNanos(1000L * i)).append("\",\"message\":\"line ").append(ids.get(i))
          .append("\",\"kubernetes\":{\"namespace\":\"").append(namespace).append("\"}}\n");
    }
    HttpResponse<String> r = Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson",
        bulk.toString().getBytes(StandardCharsets.UTF_8));
    assertTrue(r.statusCode() == 200 && r.body().contains("\"errors\":false"), r.body());
  }

  private HttpResponse<InputStream> open(String query) throws Exception {
    HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/tail?" + query)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    streams.add(r.body());
    return r;
  }

  /** Reads {@code hits} events until one holds {@code untilId}; every hit id in order, skipped counts summed into [0]. */
  private static List<String> readUntil(BufferedReader events, String untilId, long[] skipped) throws Exception {
    List<String> ids = new ArrayList<>();
    String event = null;
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ") && "hits".equals(event)) {
        JsonNode data = JSON.readTree(line.substring(6));
        assertTrue(data.path("hits").size() <= 500, "at most 500 lines an event");
        skipped[0] += data.path("skipped").asLong();
        data.path("hits").forEach(h -> ids.add(h.path("_id").asText()));
        if (ids.contains(untilId)) {
          return ids;
        }
      }
    }
    throw new AssertionError("the stream ended before " + untilId);
  }

  @Test
  void newLinesComeOnceOldestFirstIncludingLateOnes() throws Exception {
    write(List.of("before"), Instant.now().minusSeconds(1), "shop");
    awaitSearchable("before");
    HttpResponse<InputStream> r = open("q=kubernetes.namespace:shop&since=" + Instant.now().toEpochMilli());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    BufferedReader events = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    write(List.of("n3", "n2", "n1"), Instant.now(), "shop");
    write(List.of("elsewhere"), Instant.now(), "web");
    long[] skipped = {0};
    List<String> seen = new ArrayList<>(readUntil(events, "n3", skipped));
    // a line that became searchable 3 s after its time: inside the look-back window
    write(List.of("late"), Instant.now().minusSeconds(3), "shop");
    seen.addAll(readUntil(events, "late", skipped));
    write(List.of("marker"), Instant.now(), "shop");
    seen.addAll(readUntil(events, "marker", skipped));
    assertEquals(List.of("n1", "n2", "n3", "late", "marker"), seen, "each new line once, oldest first, none from before or elsewhere");
    assertEquals(0, skipped[0]);
  }

  @Test
  void aFloodIsCutTo500LinesAPollAndTheRestCountedOnce() throws Exception {
    List<String> earlier = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      earlier.add("p" + i);
    }
    // more lines than one poll holds already in the look-back window: not new, so neither sent nor skipped
    write(earlier, Instant.now().minusSeconds(2), "shop");
    dev.trawl.testing.Await.until("earlier lines searchable", java.time.Duration.ofSeconds(10),
        () -> Http.get(ui.url() + "api/search?size=0").body().contains("\"total\":600"));
    HttpResponse<InputStream> r = open("since=" + Instant.now().toEpochMilli());
    BufferedReader events = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      flood.add("f" + i);
    }
    Instant at = Instant.now();
    write(flood, at, "shop");
    long[] skipped = {0};
    List<String> sent = new ArrayList<>(readUntil(events, "f0", skipped));
    write(List.of("marker"), at.plusMillis(1), "shop");
    sent.addAll(readUntil(events, "marker", skipped));
    Set<String> distinct = new HashSet<>(sent);
    assertEquals(sent.size(), distinct.size(), "no line twice");
    assertTrue(sent.stream().noneMatch(id -> id.startsWith("p")), "nothing from before the tail");
    assertEquals(1201, sent.size() + skipped[0], "every new line sent or counted as skipped, once: sent " + sent.size()
        + ", skipped " + skipped[0]);
    assertTrue(skipped[0] >= 200, "a poll sends at most 500: " + skipped[0]);
  }

  @Test
  void badRequestsAnswer400AndTooManyTails429BeforeAnyStream() throws Exception {
    write(List.of("one"), Instant.now(), "shop");
    awaitSearchable("one");
    HttpResponse<String> bad = Http.get(ui.url() + "api/tail?q=message:(unclosed");
    assertEquals(400, bad.statusCode());
    assertTrue(JSON.readTree(bad.body()).path("error").asText().contains("Failed to parse query"), bad.body());
    HttpResponse<String> since = Http.get(ui.url() + "api/tail?since=yesterday");
    assertEquals(400, since.statusCode());
    assertTrue(JSON.readTree(since.body()).path("error").asText().contains("'yesterday'"), since.body());
    for (int i = 0; i < 32; i++) {
      assertEquals(200, open("").statusCode());
    }
    HttpResponse<String> tooMany = Http.get(ui.url() + "api/tail");
    assertEquals(429, tooMany.statusCode());
    assertTrue(JSON.readTree(tooMany.body()).path("error").asText().contains("at most 32"), tooMany.body());
    streams.remove(0).close();
    dev.trawl.testing.Await.until("a closed tail frees its place", java.time.Duration.ofSeconds(10),
        () -> open("").statusCode() == 200);
  }

  private void awaitSearchable(String id) {
    dev.trawl.testing.Await.until(id + " searchable", java.time.Duration.ofSeconds(10),
        () -> Http.get(ui.url() + "api/search?q=_id:" + id).body().contains("\"total\":1"));
  }
}
