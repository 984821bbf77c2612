package dev.trawl.collector.tail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tailer's named events: each writes one log line and moves one metric. */
public final class TailEvents {
  private static final Logger LOG = LoggerFactory.getLogger(TailEvents.class);

  private final Counter bytesRead;
  private final Counter renamed;
  private final Counter truncatedFiles;
  private final Counter longLines;
  private static final long FAILURE_LOG_INTERVAL_NANOS = 60_000_000_000L;
  private final AtomicInteger openFiles = new AtomicInteger();
  private final Counter failures;
  private final Counter idleClosed;
  private final DistributionSummary lag;
  /** Touched by the tailer's thread only. */
  private final Map<String, Long> lastFailureLog = new HashMap<>();
  private final MeterRegistry registry;

  public TailEvents(MeterRegistry registry) {
    this.registry = registry;
    bytesRead = Counter.builder("trawl.collector.read").baseUnit("bytes")
        .description("Bytes read from log files").register(registry);
    renamed = rotation("rename");
    truncatedFiles = rotation("copytruncate");
    longLines = Counter.builder("trawl.collector.truncated.lines")
        .description("Lines cut at tail.max_line_bytes").register(registry);
    registry.gauge("trawl.collector.open.files", openFiles);
    idleClosed = Counter.builder("trawl.collector.idle.closed")
        .description("Files closed after tail.idle_timeout without growth (reopened when they grow)").register(registry);
    lag = DistributionSummary.builder("trawl.collector.file.lag").baseUnit("bytes")
        .description("Per open file, bytes written and not yet read (sampled every second)").register(registry);
    failures = Counter.builder("trawl.collector.tail.failures")
        .description("Files that could not be opened or read, per attempt").register(registry);
  }

  private Counter rotation(String kind) {
    return Counter.builder("trawl.collector.rotations").tag("kind", kind)
        .description("File rotations seen, by kind").register(registry);
  }

  void opened(Path path, FileIdentity identity, long offset) {
    openFiles.incrementAndGet();
    LOG.info("tail open path={} identity={} offset={}", path, identity, offset);
  }

  void closed(Path path, long offset) {
    openFiles.decrementAndGet();
    LOG.info("tail close path={} offset={}", path, offset);
  }

  void rotatedAway(Path path) {
    renamed.increment();
    LOG.info("tail rotation kind=rename path={} draining to end", path);
  }

  void truncated(Path path, long offset, long size) {
    truncatedFiles.increment();
    LOG.info("tail rotation kind=copytruncate path={} offset={} size={}", path, offset, size);
  }

  void idleClosed(Path path) {
    idleClosed.increment();
    LOG.info("tail idle close path={}", path);
  }

  void lag(long bytes) {
    lag.record(bytes);
  }

  void lineTooLong(Path path, long offset, int limit) {
    longLines.increment();
    LOG.warn("tail line too long path={} offset={} cut at {} bytes", path, offset, limit);
  }

  void read(long bytes) {
    bytesRead.increment(bytes);
  }

  /** Logged at most once a minute per path and action, so an unreadable file cannot flood the log. */
  void failed(Path path, String what, Exception e) {
    failures.increment();
    long now = System.nanoTime();
    Long last = lastFailureLog.get(path + " " + what);
    if (last == null || now - last > FAILURE_LOG_INTERVAL_NANOS) {
      lastFailureLog.put(path + " " + what, now);
      LOG.warn("tail {} failed path={}: {} (repeats are counted in trawl_collector_tail_failures_total)", what, path, e.toString());
    }
  }
}
