package dev.trawl.collector.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.CollectorMain;
import dev.trawl.testing.Await;
import dev.trawl.testing.ContainerWriters;
import dev.trawl.testing.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation torture with the collector in a JVM of its own, killed with {@code kill -9} at
 * random points (after a random number of newly queued lines) and started again, several times,
 * while the writers go on. Whatever the kill interrupted — a read, a queue append, a checkpoint
 * write — every line must end up in the node queue exactly once. Tagged {@code crash}: run by
 * {@code mvn -Ptorture -pl collector test}, not by default, while one duplicate case remains
 * (see the collector README).
 */
@Tag("crash")
class CollectorCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorCrashTest.class);
  private static final long SEED = Long.getLong("trawl.torture.seed", System.nanoTime());
  private static final int KILLS = Integer.getInteger("trawl.crash.kills", 3);

  @TempDir Path dir;

  /** Starts a collector JVM and waits until it has started (a SIGTERM before the JVM installs its handler ends it with 143). */
  private Process startCollector(Map<String, String> env, int run) throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    Process process = ChildJvm.start(CollectorMain.class, env, line -> {
      LOG.info("collector run {}: {}", run, line);
      if (line.contains("collector started")) {
        started.complete(null);
      }
    });
    process.onExit().thenRun(() -> started.completeExceptionally(new IllegalStateException("collector run " + run + " exited")));
    Await.until("collector run " + run + " started", Duration.ofSeconds(60), () -> started.isDone());
    started.join();
    return process;
  }

  /** Copies the run's files, queue and checkpoints where the temporary directory's clean-up does not reach. */
  private static Path keep(Path dir) {
    Path kept = Path.of("target", "crash-stall-" + SEED).toAbsolutePath();
    try (var paths = Files.walk(dir)) {
      for (Path from : (Iterable<Path>) paths::iterator) {
        Path to = kept.resolve(dir.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("keeping {} failed: {}", dir, e.toString());
    }
    return kept;
  }

  /** What the queue lacks or holds twice of the lines written so far (a stall's cause, or the last lines in flight). */
  private static String problems(Path queueDir, ContainerWriters writers) {
    try {
      QueuedLines.assertExactlyOnce(queueDir, writers.perContainer());
      return "every line written so far, once";
    } catch (AssertionError | IOException e) {
      return e.getMessage();
    }
  }

  @Test
  void everyLineArrivesExactlyOnceThoughTheCollectorIsKilledAgainAndAgain() throws Exception {
    LOG.info("crash test seed {}", SEED);
    Random random = new Random(SEED);
    ContainerWriters writers = new ContainerWriters(dir.resolve("pods"), 4, 1, SEED,
        List.of(ContainerWriters.Rotation.RENAME, ContainerWriters.Rotation.COPYTRUNCATE, ContainerWriters.Rotation.RESTART));
    Path queueDir = dir.resolve("state/queue");
    Map<String, String> env = RotationTortureTest.collectorEnv(dir, 0);
    // Files rotated away before the collector's first start are history it does not read (as
    // Vector and Fluent Bit do not): the writers start once it runs.
    Process collector = startCollector(env, 0);
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        while (writing.get()) {
          // copytruncate loses what is unread when the copy is made: it waits for the collector
          // (which may be down for a moment) and falls back to a rename when it does not catch up
          writers.step(400, container -> RotationTortureTest.awaitQueued(queueDir, writers.written()));
        }
        writers.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    for (int run = 0; run < KILLS; run++) {
      Process running = collector;
      long before = QueuedLines.count(queueDir);
      long more = 1 + random.nextInt(20_000);
      try {
        Await.until("collector run " + run + " queues " + more + " more lines", Duration.ofSeconds(60),
            () -> QueuedLines.count(queueDir) >= before + more || !running.isAlive());
      } catch (AssertionError stalled) {
        Path kept = keep(dir);
        throw new AssertionError(stalled.getMessage() + "; the queue now: " + problems(queueDir, writers)
            + "; files, queue and checkpoints kept in " + kept, stalled);
      }
      assertTrue(running.isAlive(), "collector run " + run + " is alive until killed");
      running.destroyForcibly();
      running.waitFor();
      collector = startCollector(env, run + 1);
    }
    // The writers stop while a collector runs: left alone, kubelet would compress and delete a
    // rotated file the collector never saw, as it does when a collector stays down.
    writing.set(false);
    writer.join();
    try {
      assertTrue(RotationTortureTest.awaitQueued(queueDir, writers.written()), "the last run queues every line");
    } finally {
      collector.destroy();
      assertEquals(0, collector.waitFor(), "the last run exits cleanly on SIGTERM");
    }
    assertTrue(writers.written() > 1000, "the writers wrote " + writers.written() + " lines");
    QueuedLines.assertExactlyOnce(queueDir, writers.perContainer());
    LOG.info("crash test seed {}: {} kill -9s, {} lines written, each queued once", SEED, KILLS, writers.written());
  }
}
