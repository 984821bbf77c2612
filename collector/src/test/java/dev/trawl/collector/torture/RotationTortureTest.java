package dev.trawl.collector.torture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.ConfigLoader;
import dev.trawl.testing.Await;
import dev.trawl.testing.ContainerWriters;
import dev.trawl.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writers append numbered lines to several containers' files as fast as they can for a bounded
 * time while rotating by rename, gzip-and-delete of the file before, copytruncate and container
 * restarts; one of the containers writes docker json-file records. Every line must be in the
 * node queue exactly once, in order per file. The default run writes for a few seconds; {@code
 * mvn -Ptorture -pl collector test} for a minute.
 */
class RotationTortureTest {
  private static final Logger LOG = LoggerFactory.getLogger(RotationTortureTest.class);
  private static final long SEED = Long.getLong("trawl.torture.seed", System.nanoTime());
  private static final Duration WRITING = Duration.ofSeconds(Long.getLong("trawl.torture.seconds", 4));

  @TempDir Path dir;

  static Map<String, String> collectorEnv(Path dir, int httpPort) throws Exception {
    return Map.of("TRAWL_NODE_NAME", "torture-node", "TRAWL_TAIL_PATHS", dir.resolve("pods") + "/*/*/*.log",
        "TRAWL_STATE_DIR", dir.resolve("state").toString(), "TRAWL_KUBE_ENABLED", "false",
        "TRAWL_CGROUP_ROOT", dir.resolve("no-cgroups").toString(), "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + Ports.closed(),
        "TRAWL_HTTP_PORT", Integer.toString(httpPort), "TRAWL_TAIL_IDLE_TIMEOUT", "2s");
  }

  /** Waits for the queue to hold {@code lines} lines; false when it does not in time (the check then names what is missing). */
  static boolean awaitQueued(Path queueDir, long lines) {
    try {
      Await.until(lines + " lines queued", Duration.ofSeconds(30), () -> QueuedLines.count(queueDir) >= lines);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  @Test
  void everyLineArrivesExactlyOnceThroughEveryKindOfRotation() throws Exception {
    ContainerWriters writers = new ContainerWriters(dir.resolve("pods"), 4, 1, SEED,
        List.of(ContainerWriters.Rotation.RENAME, ContainerWriters.Rotation.COPYTRUNCATE, ContainerWriters.Rotation.RESTART));
    Path queueDir = dir.resolve("state/queue");
    try (Collector collector = Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, collectorEnv(dir, 0)), Map.of())) {
      long end = System.nanoTime() + WRITING.toNanos();
      while (System.nanoTime() < end) {
        writers.step(400, container -> {
          // copytruncate loses what the reader has not read when the copy is made: wait until it has
          long before = writers.written();
          return awaitQueued(queueDir, before);
        });
      }
      writers.close();
      long total = writers.written();
      awaitQueued(queueDir, total);
    }
    assertTrue(writers.written() > 1000, "the writers wrote " + writers.written() + " lines");
    QueuedLines.assertExactlyOnce(queueDir, writers.perContainer());
    LOG.info("rotation torture seed {}: {} lines written, each queued once", SEED, writers.written());
  }
}
