package dev.trawl.collector;

import io.micrometer.core.instrument.Counter;
import dev.trawl.collector.kube.PodPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline's named events: per-line ones only as counters (a log line each would flood the log). */
final class CollectorEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorEvents.class);
  private final Counter stdoutLines;
  private final Counter stderrLines;
  private final Counter malformed;
  private final Counter excluded;
  private final java.util.Set<String> reportedPods = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

  /** Logged once per pod the first time its annotation is found unusable. */
  void badAnnotation(PodPath pod, String problem) {
    if (reportedPods.add(pod.podUid())) {
      LOG.warn("pod annotation ignored namespace={} pod={}: {}", pod.namespace(), pod.podName(), problem);
    }
  }
}
