package dev.trawl.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.CollectorMain;
import dev.trawl.indexer.IndexerMain;
import dev.trawl.testing.Await;
import dev.trawl.testing.ContainerWriters;
import dev.trawl.testing.Http;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery under chaos: containers write numbered lines at a steady rate with kubelet's rotations
 * while the collector and the indexer, each in a JVM of its own, are killed with {@code kill -9}
 * at random moments and started again; once, the indexer stays down until the node queue is full
 * and tailing has paused. At the end every line must be searchable exactly once, counted by
 * {@code _id} and by sequence number. The default run is short ({@code trawl.chaos.seconds},
 * {@code trawl.chaos.kills}); {@code mvn -Pchaos -pl launcher test} or {@code bench/chaos} runs
 * minutes of it.
 */
class DeliveryChaosTest {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryChaosTest.class);
  private static final long SEED = Long.getLong("trawl.chaos.seed", System.nanoTime());
  private static final int SECONDS = Integer.getInteger("trawl.chaos.seconds", 20);
  private static final int KILLS = Integer.getInteger("trawl.chaos.kills", 4);
  private static final int LINES_PER_SECOND = Integer.getInteger("trawl.chaos.rate", 800);
  private static final long QUEUE_CAP = 4L << 20;

  @TempDir Path dir;

  @Test
  void everyLineIsSearchableExactlyOnceThoughCollectorAndIndexerAreKilled() throws Exception {
    LOG.info("chaos seed {}: {} s, {} kills, {} lines/s", SEED, SECONDS, KILLS, LINES_PER_SECOND);
    Random random = new Random(SEED);
    int indexerPort = freePort();
    int collectorPort = freePort();
    String indexerUrl = "http://127.0.0.1:" + indexerPort;
    ChildComponent indexer = new ChildComponent("indexer", IndexerMain.class, Map.of(
        "TRAWL_DATA_DIR", dir.resolve("indexer").toString(), "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_HTTP_PORT", Integer.toString(indexerPort), "TRAWL_COMMIT_INTERVAL", "2s",
        "TRAWL_RETENTION_MAX_AGE", "36500d", "TRAWL_LIMITS_REQUESTS_PER_SECOND", "0", "TRAWL_LIMITS_CONCURRENT", "0"));
    ChildComponent collector = new ChildComponent("collector", CollectorMain.class, Map.ofEntries(
        Map.entry("TRAWL_NODE_NAME", "chaos-node"), Map.entry("TRAWL_TAIL_PATHS", dir.resolve("pods") + "/*/*/*.log"),
        Map.entry("TRAWL_STATE_DIR", dir.resolve("collector").toString()), Map.entry("TRAWL_KUBE_ENABLED", "false"),
        Map.entry("TRAWL_CGROUP_ROOT", dir.resolve("no-cgroups").toString()), Map.entry("TRAWL_SHIPPER_URL", indexerUrl),
        Map.entry("TRAWL_HTTP_PORT", Integer.toString(collectorPort)), Map.entry("TRAWL_QUEUE_MAX_BYTES", Long.toString(QUEUE_CAP)),
        Map.entry("TRAWL_SHIPPER_BATCH_DOCS", "1000"), Map.entry("TRAWL_SHIPPER_LINGER", "200ms")));
    // Rotated files are compressed (and no longer read) long after any outage here, as kubelet's
    // 10 s checks are long after a collector restart: the run looks for delivery faults, not for
    // the lines a collector that stays down loses to compression.
    ContainerWriters writers = new ContainerWriters(dir.resolve("pods"), 4, 1, SEED,
        List.of(ContainerWriters.Rotation.RENAME, ContainerWriters.Rotation.RESTART), Duration.ofSeconds(120));
    indexer.start();
    collector.start();
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeSteadily(writers, writing));
    try {
      long linesBetweenKills = (long) LINES_PER_SECOND * SECONDS / (KILLS + 1);
      for (int kill = 0; kill < KILLS; kill++) {
        long due = writers.written() + linesBetweenKills / 2 + (long) (random.nextDouble() * linesBetweenKills);
        Await.until("the writers reach line " + due, Duration.ofSeconds(SECONDS * 4L + 60), () -> writers.written() >= due);
        if (kill == KILLS / 2) {
          fillTheQueue(indexer, collectorPort);
        }
        ChildComponent target = kill % 2 == 0 ? collector : indexer;
        target.kill();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(1500)));
        target.start();
      }
    } finally {
      writing.set(false);
      writer.join();
      writers.close();
    }
    long written = writers.written();
    try {
      Await.until(written + " lines searchable", Duration.ofSeconds(180),
          () -> IndexedLines.count(indexerUrl, "logs") >= written);
    } catch (AssertionError e) {
      LOG.warn("chaos: not every line became searchable: {}", e.getMessage());
    }
    IndexedLines.Tally tally = IndexedLines.tally(indexerUrl, "logs", writers.perContainer());
    String result = tally.line() + " after " + (collector.runs() - 1) + " collector and " + (indexer.runs() - 1)
        + " indexer kill -9s, seed " + SEED;
    LOG.info("chaos: {}", result);
    System.out.println("chaos: " + result);
    assertEquals(0, collector.stop(), "the collector exits cleanly on SIGTERM");
    assertEquals(0, indexer.stop(), "the indexer exits cleanly on SIGTERM");
    assertTrue(written > (long) LINES_PER_SECOND * SECONDS / 2, "the writers wrote " + written + " lines");
    assertTrue(tally.exactlyOnce(), result);
  }

  /** Writes at LINES_PER_SECOND until told to stop. */
  private static void writeSteadily(ContainerWriters writers, AtomicBoolean writing) {
    long start = System.nanoTime();
    try {
      while (writing.get()) {
        long due = (System.nanoTime() - start) * LINES_PER_SECOND / 1_000_000_000L;
        while (writers.written() < due) {
          writers.step(LINES_PER_SECOND * 2, container -> false);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keeps the indexer down until the node queue is at its cap and tailing has waited, then starts it again. */
  private static void fillTheQueue(ChildComponent indexer, int collectorPort) throws Exception {
    indexer.kill();
    Await.until("the node queue at its cap of " + QUEUE_CAP + " bytes", Duration.ofSeconds(120),
        () -> metric(collectorPort, "trawl_collector_queue_bytes") >= QUEUE_CAP);
    double paused = metric(collectorPort, "trawl_collector_backpressure_seconds_total");
    Await.until("tailing paused", Duration.ofSeconds(30),
        () -> metric(collectorPort, "trawl_collector_backpressure_seconds_total") > paused);
    LOG.info("chaos: node queue full, tailing paused; indexer starts again");
    indexer.start();
  }

  private static double metric(int port, String name) throws Exception {
    for (String line : Http.get("http://127.0.0.1:" + port + "/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return Double.NaN;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
