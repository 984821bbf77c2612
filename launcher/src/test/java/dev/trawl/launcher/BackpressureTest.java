package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.launcher.demo.CriLogFile;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the indexer down and a small node queue, the collector stops reading when the queue is
 * full instead of dropping; once the indexer is up every line arrives exactly once.
 */
class BackpressureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LINES = 3000;

  @TempDir Path dir;

  private static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void aFullQueuePausesTailingAndLosesNothing() throws Exception {
    int indexerPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      indexerPort = s.getLocalPort();
    }
    Path pods = dir.resolve("pods");
    try (CriLogFile log = new CriLogFile(pods.resolve("shop_cart-1_uid-1/cart"), 1L << 30)) {
      // all written before the collector starts: its first passes read far more than the bound
      Instant t = Instant.now();
      for (int i = 0; i < LINES; i++) {
        log.write(t.plusNanos(i), "stdout", "INFO line number " + i + " with some padding to fill the queue faster");
      }
    }
    try (Collector collector = Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, Map.of(
            "TRAWL_NODE_NAME", "n", "TRAWL_TAIL_PATHS", pods.toAbsolutePath() + "/*/*/*.log",
            "TRAWL_STATE_DIR", dir.resolve("state").toString(), "TRAWL_KUBE_ENABLED", "false",
            "TRAWL_CGROUP_ROOT", dir.resolve("none").toString(), "TRAWL_QUEUE_MAX_BYTES", "64KiB",
            "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + indexerPort, "TRAWL_SHIPPER_LINGER", "50ms",
            "TRAWL_HTTP_PORT", "0")), Map.of())) {
      String metrics = "http://127.0.0.1:" + collector.httpPort() + "/metrics";
      Await.until("tailing paused by a full queue", Duration.ofSeconds(30),
          () -> metric(Http.get(metrics).body(), "trawl_collector_backpressure_seconds_total") > 0.2);
      String text = Http.get(metrics).body();
      double read = metric(text, "trawl_collector_lines_read_total");
      assertTrue(read > 0 && read < LINES, "reading stopped part way: " + read);
      double queued = metric(text, "trawl_collector_queue_bytes");
      // one pass of the tailer reads the whole file, three times the bound: the lines it holds count too
      assertTrue(queued >= 64 * 1024 && queued < 66 * 1024, "the bound holds within a line: " + queued);

      try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
          "TRAWL_DATA_DIR", dir.resolve("idx").toString(), "TRAWL_HTTP_HOST", "127.0.0.1",
          "TRAWL_HTTP_PORT", Integer.toString(indexerPort), "TRAWL_REFRESH_INTERVAL", "200ms")))) {
        String count = "http://127.0.0.1:" + indexerPort + "/logs/_count";
        Await.until("every line indexed", Duration.ofSeconds(90),
            () -> JSON.readTree(Http.get(count).body()).path("count").asInt() >= LINES);
        assertEquals(LINES, JSON.readTree(Http.get(count).body()).path("count").asInt(), "each line exactly once");
        assertEquals(LINES, JSON.readTree(Http.post("http://127.0.0.1:" + indexerPort + "/logs/_count",
            "{\"query\":{\"match_phrase\":{\"message\":\"with some padding\"}}}").body()).path("count").asInt());
      }
    }
  }
}
