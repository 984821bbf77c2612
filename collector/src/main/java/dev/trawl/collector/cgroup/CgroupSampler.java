package dev.trawl.collector.cgroup;

import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.kube.PodPath;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.Stream;
import dev.trawl.collector.record.KubernetesFields;
import dev.trawl.collector.record.MetricDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every container's cgroup each interval and serves the last round on {@code /metrics}
 * under cAdvisor's names and labels ({@code namespace}, {@code pod}, {@code container},
 * {@code node}), so existing dashboards and prometheus-adapter rules work. A round replaces the
 * previous one whole, so a container that went away leaves no stale series. Each round's samples
 * also go to the node queue as documents of the {@code metrics} stream; when the queue is full
 * they are dropped and counted (logs keep the queue's room).
 */
public final class CgroupSampler extends Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupSampler.class);
  private static final List<String> LABELS = List.of("namespace", "pod", "container", "node");

  private record Row(List<String> labels, PodMetadata pod, String container, CgroupStats stats) {}

  private final Path root;
  private final PodCache pods;
  private final String nodeName;
  private final Duration interval;
  private final Counter failures;
  private final NodeQueue queue;
  private final Counter samplesQueued;
  private final Counter samplesDropped;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trawl-cgroup");
    t.setDaemon(true);
    return t;
  });
  private volatile List<Row> last = List.of();

  /** @param queue where metric documents go, or null to serve {@code /metrics} only */
  public CgroupSampler(Path root, PodCache pods, String nodeName, Duration interval, NodeQueue queue,
      PrometheusMeterRegistry registry) {
    this.root = root;
    this.queue = queue;
    this.samplesQueued = sampleCounter(registry, "queued");
    this.samplesDropped = sampleCounter(registry, "dropped");
    this.pods = pods;
    this.nodeName = nodeName;
    this.interval = interval;
    this.failures = Counter.builder("trawl.collector.cgroup.read.failures")
        .description("Container cgroups that could not be read in a sampling round").register(registry);
    registry.getPrometheusRegistry().register(this);
  }

  private static Counter sampleCounter(PrometheusMeterRegistry registry, String outcome) {
    return Counter.builder("trawl.collector.metric.documents").tag("outcome", outcome)
        .description("Container metric samples for the metrics stream: queued, or dropped while the queue was full")
        .register(registry);
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void sample() {
    List<Row> rows = new ArrayList<>();
    for (ContainerCgroup cgroup : CgroupLayout.containers(root)) {
      PodMetadata pod = pods.pod(cgroup.podUid());
      String container = pod == null ? null : containerName(pod, cgroup.containerId());
      if (container == null) {
        continue;
      }
      try {
        rows.add(new Row(List.of(pod.namespace(), pod.name(), container, nodeName), pod, container,
            CgroupStats.read(cgroup.dir())));
      } catch (IOException | RuntimeException e) {
        failures.increment();
        LOG.debug("cgroup read failed dir={}: {}", cgroup.dir(), e.toString());
      }
    }
    last = List.copyOf(rows);
    if (queue != null) {
      enqueue(rows, Instant.now());
    }
  }

  private void enqueue(List<Row> rows, Instant at) {
    for (Row row : rows) {
      var fields = KubernetesFields.render(new PodPath(row.pod().namespace(), row.pod().name(), row.pod().uid(), row.container()),
          row.pod(), pods.namespaceLabels(row.pod().namespace()), nodeName);
      for (Series series : Series.ALL) {
        if (queue.isFull()) {
          samplesDropped.increment();
          continue;
        }
        byte[] id = MetricDocument.id(nodeName, row.pod().uid(), row.container(), series.name(), at);
        byte[] doc = MetricDocument.render(at, series.name(), series.value().applyAsDouble(row.stats()), series.unit(), fields);
        queue.append(Stream.METRICS, id, id.length, doc, 0, doc.length);
        samplesQueued.increment();
      }
    }
  }

  private static String containerName(PodMetadata pod, String containerId) {
    for (Map.Entry<String, PodMetadata.ContainerInfo> c : pod.containers().entrySet()) {
      if (containerId.equals(c.getValue().id())) {
        return c.getKey();
      }
    }
    return null;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<Row> rows = last;
    List<MetricFamilySamples> families = new ArrayList<>(Series.ALL.size());
    for (Series series : Series.ALL) {
      if (series.counter()) {
        CounterMetricFamily family = new CounterMetricFamily(series.name(), series.help(), LABELS);
        rows.forEach(r -> family.addMetric(r.labels(), series.value().applyAsDouble(r.stats())));
        families.add(family);
      } else {
        GaugeMetricFamily family = new GaugeMetricFamily(series.name(), series.help(), LABELS);
        rows.forEach(r -> family.addMetric(r.labels(), series.value().applyAsDouble(r.stats())));
        families.add(family);
      }
    }
    return families;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
