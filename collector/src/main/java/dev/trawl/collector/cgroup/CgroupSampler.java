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
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every pod's and container's cgroup (v1 or v2, found once per round) each interval and
 * serves the last round on {@code /metrics} under cAdvisor's names and labels ({@code namespace},
 * {@code pod}, {@code container}, {@code node}; a pod's own cgroup has an empty {@code container},
 * as in cAdvisor, so {@code container!=""} selects containers), so existing dashboards and
 * prometheus-adapter rules work. A round replaces the previous one whole, so a container that went
 * away leaves no stale series. Each round's samples also go to the node queue as documents of the
 * {@code metrics} stream; when the queue is full they are dropped and counted (logs keep the
 * queue's room).
 */
public final class CgroupSampler extends Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupSampler.class);
  private static final List<String> LABELS = List.of("namespace", "pod", "container", "node");
  private static final List<String> DEVICE_LABELS = List.of("namespace", "pod", "container", "node", "device");

  private record Row(List<String> labels, PodMetadata pod, String container, CgroupStats stats) {}

  private final Path root;
  private final DeviceNames devices;
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

  /**
   * @param sysDevBlock sysfs' block devices ({@code /sys/dev/block}), to name devices as cAdvisor does
   * @param queue where metric documents go, or null to serve {@code /metrics} only
   */
  public CgroupSampler(Path root, Path sysDevBlock, PodCache pods, String nodeName, Duration interval, NodeQueue queue,
      PrometheusMeterRegistry registry) {
    this.root = root;
    this.devices = new DeviceNames(sysDevBlock);
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

  /** One sampling round now; the timer {@link #start} sets runs one every interval. */
  public void sample() {
    List<Row> rows = new ArrayList<>();
    CgroupReader reader = CgroupReader.of(root, devices);
    for (CgroupRef cgroup : CgroupLayout.find(reader.hierarchy())) {
      PodMetadata pod = pods.pod(cgroup.podUid());
      // A container the pod status does not list is the sandbox (pause) or already gone.
      String container = pod == null ? null : cgroup.isPod() ? "" : containerName(pod, cgroup.containerId());
      if (container == null) {
        continue;
      }
      try {
        rows.add(new Row(List.of(pod.namespace(), pod.name(), container, nodeName), pod, container,
            reader.read(cgroup.relative())));
      } catch (IOException | RuntimeException e) {
        failures.increment();
        LOG.debug("cgroup read failed path={}: {}", cgroup.relative(), e.toString());
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
        if (!series.reported(row.stats())) {
          continue;
        }
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
      List<String> labels = series.perDevice() == null ? LABELS : DEVICE_LABELS;
      if (series.counter()) {
        CounterMetricFamily family = new CounterMetricFamily(series.name(), series.help(), labels);
        rows.forEach(r -> addSamples(series, r, family::addMetric));
        families.add(family);
      } else {
        GaugeMetricFamily family = new GaugeMetricFamily(series.name(), series.help(), labels);
        rows.forEach(r -> addSamples(series, r, family::addMetric));
        families.add(family);
      }
    }
    return families;
  }

  private static void addSamples(Series series, Row row, BiConsumer<List<String>, Double> sink) {
    if (!series.reported(row.stats())) {
      return;
    }
    if (series.perDevice() == null) {
      sink.accept(row.labels(), series.value().applyAsDouble(row.stats()));
      return;
    }
    for (DeviceIo io : row.stats().io()) {
      List<String> labels = new ArrayList<>(row.labels());
      labels.add(io.device());
      sink.accept(labels, (double) series.perDevice().applyAsLong(io));
    }
  }

  /** Lets a round in progress finish: an interrupt while it appends would close the queue file's channel. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
