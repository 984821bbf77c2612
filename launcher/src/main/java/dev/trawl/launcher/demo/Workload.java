package dev.trawl.launcher.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the demo pods' logs under a {@code /var/log/pods}-shaped tree, ten times a second, at
 * each pod's rate times a multiplier.
 */
public final class Workload implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workload.class);
  private static final long TICK_MILLIS = 100;

  private final List<DemoPod> pods;
  private final List<CriLogFile> files = new ArrayList<>();
  private final LogLines lines = new LogLines(7);
  private final Random random = new Random(11);
  private final double multiplier;
  private final AtomicLong written = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-workload");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param podsRoot the {@code /var/log/pods} stand-in
   * @param rotateBytes size at which a container's log is rotated
   */
  public Workload(Path podsRoot, List<DemoPod> pods, double multiplier, long rotateBytes) throws IOException {
    this.pods = pods;
    this.multiplier = multiplier;
    for (DemoPod pod : pods) {
      files.add(new CriLogFile(podsRoot.resolve(pod.namespace() + "_" + pod.name() + "_" + pod.uid())
          .resolve(pod.container()), rotateBytes));
    }
  }

  public void start() {
    timer.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      for (int i = 0; i < pods.size(); i++) {
        DemoPod pod = pods.get(i);
        double expected = pod.linesPerSecond() * multiplier * TICK_MILLIS / 1000.0;
        int events = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
        for (int e = 0; e < events; e++) {
          writeEvent(pod, files.get(i));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("demo workload write failed: {}", e.toString());
    }
  }

  private void writeEvent(DemoPod pod, CriLogFile file) throws IOException {
    List<String> event = lines.next(pod);
    String stream = event.get(0).startsWith("ERROR") || event.get(0).startsWith("E1") ? "stderr" : "stdout";
    Instant now = Instant.now();
    for (String line : event) {
      file.write(now, stream, line);
      written.incrementAndGet();
    }
    if (random.nextInt(5000) == 0) {
      file.write(now, "stdout", "INFO large payload dump: " + "x".repeat(CriLogFile.RUNTIME_LINE_BUFFER + 4000));
      written.incrementAndGet();
    }
  }

  /** Lines written so far. */
  public long written() {
    return written.get();
  }

  @Override
  public void close() throws IOException {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (CriLogFile f : files) {
      f.close();
    }
  }
}
