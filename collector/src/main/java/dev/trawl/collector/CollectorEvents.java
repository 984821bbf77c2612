package dev.trawl.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The pipeline's named per-line events, as counters (one line per event would flood the log). */
final class CollectorEvents {
  private final Counter stdoutLines;
  private final Counter stderrLines;
  private final Counter malformed;
  private final Counter excluded;

  CollectorEvents(MeterRegistry registry) {
    stdoutLines = lines(registry, "stdout");
    stderrLines = lines(registry, "stderr");
    malformed = Counter.builder("trawl.collector.malformed.lines")
        .description("Lines without a valid CRI prefix, kept whole and flagged malformed").register(registry);
    excluded = Counter.builder("trawl.collector.excluded.lines")
        .description("Lines dropped because their pod has trawl.dev/exclude: \"true\"").register(registry);
  }

  private static Counter lines(MeterRegistry registry, String stream) {
    return Counter.builder("trawl.collector.lines.read").tag("stream", stream)
        .description("Log records read, by stream").register(registry);
  }

  void lineRead(String stream) {
    (stream.equals("stderr") ? stderrLines : stdoutLines).increment();
  }

  void malformed() {
    malformed.increment();
  }

  void excluded() {
    excluded.increment();
  }
}
