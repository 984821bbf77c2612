package dev.trawl.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.config.ConfigLoader;
import dev.trawl.testing.Await;
import dev.trawl.testing.Ports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line within tail.max_line_bytes whose escapes make its document larger than one queue excerpt
 * holds (control characters take six bytes each in JSON) is cut further and flagged, and the lines
 * after it go on: the file does not stall on it.
 */
class OversizedDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private List<JsonNode> queued() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (NodeQueue queue = new NodeQueue(dir.resolve("state/queue"), Long.MAX_VALUE, new SimpleMeterRegistry());
        NodeQueue.Reader reader = queue.reader()) {
      for (QueuedDocument doc = reader.next(); doc != null; doc = reader.next()) {
        docs.add(JSON.readTree(doc.source()));
      }
    }
    return docs;
  }

  @Test
  void aLineWhoseEscapesOutgrowAnExcerptIsCutFurtherAndTheFileGoesOn() throws Exception {
    Path file = dir.resolve("pods/shop_cart-1_uid-1/cart/0.log");
    Files.createDirectories(file.getParent());
    String controls = "\u0001".repeat(3 << 19);
    Files.writeString(file, "2026-11-23T12:00:00.000000001Z stdout F " + controls + "\n"
        + "2026-11-23T12:00:00.000000002Z stdout F the line after\n", StandardCharsets.UTF_8);
    try (Collector collector = Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, Map.of(
        "TRAWL_NODE_NAME", "n", "TRAWL_TAIL_PATHS", dir.resolve("pods") + "/*/*/*.log",
        "TRAWL_STATE_DIR", dir.resolve("state").toString(), "TRAWL_KUBE_ENABLED", "false",
        "TRAWL_CGROUP_ROOT", dir.resolve("no-cgroups").toString(), "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + Ports.closed(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_TAIL_MAX_LINE_BYTES", "2MiB")), Map.of())) {
      Await.until("both lines queued", Duration.ofSeconds(30), () -> queued().size() >= 2);
    }
    List<JsonNode> docs = queued();
    assertEquals(2, docs.size());
    String message = docs.get(0).path("message").asText();
    assertTrue(message.length() * 6 < 2 << 20 && message.length() > 300_000,
        "cut to what an excerpt holds, and not much further: " + message.length());
    assertTrue(controls.startsWith(message), "the start of the line is kept");
    assertTrue(docs.get(0).path("log").path("flags").toString().contains("truncated"), docs.get(0).path("log").toString());
    assertEquals("the line after", docs.get(1).path("message").asText());
  }
}
