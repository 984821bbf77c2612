package dev.trawl.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.testing.Await;
import dev.trawl.testing.ChildJvm;
import dev.trawl.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer in a child JVM is killed with SIGKILL while bulk requests stream in; after a
 * restart every acknowledged document is searchable exactly once.
 */
class IndexerCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PORT = Pattern.compile("indexer started .* port=(\\d+)");
  private static final int BATCH = 500;

  @TempDir Path dir;

  private record Child(Process process, int port) {}

  private Child startChild() throws IOException {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Process process = ChildJvm.start(IndexerMain.class, Map.of("TRAWL_DATA_DIR", dir.toString(), "TRAWL_HTTP_PORT", "0",
        "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "200ms", "TRAWL_COMMIT_INTERVAL", "1s"), line -> {
          Matcher m = PORT.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        });
    process.onExit().thenRun(() -> port.completeExceptionally(new IllegalStateException("indexer exited without starting")));
    return new Child(process, Await.until("child indexer port", Duration.ofSeconds(60), () -> port.getNow(-1), p -> p > 0));
  }

  private static List<Integer> sendBatch(int port, int first) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int seq = first; seq < first + BATCH; seq++) {
      body.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"seq-").append(seq).append("\"}}\n");
      body.append("{\"@timestamp\":\"2026-11-23T12:00:00.").append(String.format("%09d", seq))
          .append("Z\",\"message\":\"line ").append(seq).append("\",\"seq\":").append(seq).append("}\n");
    }
    JsonNode answer = JSON.readTree(Http.post("http://127.0.0.1:" + port + "/_bulk", "application/x-ndjson",
        body.toString().getBytes(StandardCharsets.UTF_8)).body());
    List<Integer> acknowledged = new ArrayList<>();
    for (JsonNode item : answer.path("items")) {
      int status = item.path("create").path("status").asInt();
      if (status == 201 || status == 409) {
        acknowledged.add(Integer.parseInt(item.path("create").path("_id").asText().substring(4)));
      }
    }
    return acknowledged;
  }

  @Test
  void everyAcknowledgedDocumentSurvivesKillNineExactlyOnce() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<Integer> acknowledged = new HashSet<>();
    int next = 0;
    for (int round = 0; round < 3; round++) {
      Child child = startChild();
      int batches = 3 + random.nextInt(6);
      CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> { });
      for (int b = 0; b < batches; b++) {
        if (b == batches - 1) {
          // the kill lands while the last batch may be in flight
          killer = CompletableFuture.runAsync(() -> child.process().destroyForcibly());
        }
        try {
          acknowledged.addAll(sendBatch(child.port(), next));
        } catch (IOException e) {
          // the connection died with the process: nothing of this batch was acknowledged
        }
        next += BATCH;
      }
      killer.join();
      child.process().waitFor();
    }
    Child child = startChild();
    try {
      String base = "http://127.0.0.1:" + child.port();
      Set<Integer> found = new HashSet<>();
      List<Integer> all = new ArrayList<>();
      JsonNode after = null;
      Await.until("replayed documents searchable", Duration.ofSeconds(30), () -> JSON.readTree(
          Http.post(base + "/logs/_count", "{}").body()).path("count").asInt() >= acknowledged.size());
      while (true) {
        String page = "{\"size\":5000,\"sort\":[{\"seq\":\"asc\"}]" + (after == null ? "" : ",\"search_after\":" + after) + "}";
        JsonNode hits = JSON.readTree(Http.post(base + "/logs/_search", page).body()).path("hits").path("hits");
        if (hits.isEmpty()) {
          break;
        }
        for (JsonNode h : hits) {
          int seq = h.path("_source").path("seq").asInt();
          all.add(seq);
          found.add(seq);
        }
        after = hits.get(hits.size() - 1).path("sort");
      }
      assertEquals(found.size(), all.size(), "no document twice (seed " + seed + ")");
      Set<Integer> missing = new HashSet<>(acknowledged);
      missing.removeAll(found);
      assertTrue(missing.isEmpty(), missing.size() + " acknowledged documents lost (seed " + seed + ")");
      assertTrue(acknowledged.size() >= BATCH, "the test acknowledged something: " + acknowledged.size());
    } finally {
      child.process().destroy();
      child.process().waitFor();
    }
  }
}
