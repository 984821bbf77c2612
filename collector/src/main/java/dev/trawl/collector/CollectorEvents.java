package dev.trawl.collector;

import io.micrometer.core.instrument.Counter;
import dev.trawl.collector.kube.PodPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline's named events: per-line ones only as counters (a log line each would flood the log). */
final class CollectorEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorEvents.class);
  private final MeterRegistry registry;
  private final Counter malformed;
  private final Counter excluded;
  private final Counter withoutPodMetadata;
  private final java.util.Set<String> reportedPods = java.util.concurrent.ConcurrentHashMap.newKeySet();

  CollectorEvents(MeterRegistry registry) {
    this.registry = registry;
    malformed = Counter.builder("trawl.collector.malformed.lines")
        .description("Lines without a valid CRI prefix, kept whole and flagged malformed").register(registry);
    excluded = Counter.builder("trawl.collector.excluded.lines")
        .description("Lines dropped because their pod has trawl.dev/exclude: \"true\"").register(registry);
    withoutPodMetadata = Counter.builder("trawl.collector.lines.without.pod.metadata")
        .description("Lines shipped with only the metadata their file path gives, flagged no_pod_metadata:"
            + " the API did not know their pod within kube.unknown_pod_wait").register(registry);
  }

  /** Resolved once per file, so counting a line allocates nothing. */
  Counter linesRead(String namespace, String stream) {
    return Counter.builder("trawl.collector.lines.read").tag("namespace", namespace).tag("stream", stream)
        .description("Log records read, by namespace and stream").register(registry);
  }

  /** Lines whose level is error or fatal: the same lines the HPA's error_log_lines_per_second counts. */
  Counter errorLines(String namespace) {
    return Counter.builder("trawl.collector.error.lines").tag("namespace", namespace)
        .description("Log records with log.level error or fatal, by namespace").register(registry);
  }

  void malformed() {
    malformed.increment();
  }

  void excluded() {
    excluded.increment();
  }

  void withoutPodMetadata() {
    withoutPodMetadata.increment();
  }

  /** Logged once per file whose pod the API did not know in time. */
  void podUnknown(PodPath pod, String file) {
    LOG.info("kube pod unknown namespace={} pod={} uid={} file={}: shipping with the path's metadata, flagged no_pod_metadata",
        pod.namespace(), pod.podName(), pod.podUid(), file);
  }

  /** Logged once per pod the first time its annotation is found unusable. */
  void badAnnotation(PodPath pod, String problem) {
    if (reportedPods.add(pod.podUid())) {
      LOG.warn("pod annotation ignored namespace={} pod={}: {}", pod.namespace(), pod.podName(), problem);
    }
  }
}
