package dev.trawl.collector.cgroup;

import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every container's cgroup each interval and serves the last round on {@code /metrics}
 * under cAdvisor's names and labels ({@code namespace}, {@code pod}, {@code container},
 * {@code node}), so existing dashboards and prometheus-adapter rules work. A round replaces the
 * previous one whole, so a container that went away leaves no stale series.
 */
public final class CgroupSampler extends Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupSampler.class);
  private static final List<String> LABELS = List.of("namespace", "pod", "container", "node");

  private record Row(List<String> labels, CgroupStats stats) {}

  private final Path root;
  private final PodCache pods;
  private final String nodeName;
  private final Duration interval;
  private final Counter failures;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trawl-cgroup");
    t.setDaemon(true);
    return t;
  });
  private volatile List<Row> last = List.of();

  public CgroupSampler(Path root, PodCache pods, String nodeName, Duration interval, PrometheusMeterRegistry registry) {
    this.root = root;
    this.pods = pods;
    this.nodeName = nodeName;
    this.interval = interval;
    this.failures = Counter.builder("trawl.collector.cgroup.read.failures")
        .description("Container cgroups that could not be read in a sampling round").register(registry);
    registry.getPrometheusRegistry().register(this);
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
        rows.add(new Row(List.of(pod.namespace(), pod.name(), container, nodeName), CgroupStats.read(cgroup.dir())));
      } catch (IOException | RuntimeException e) {
        failures.increment();
        LOG.debug("cgroup read failed dir={}: {}", cgroup.dir(), e.toString());
      }
    }
    last = List.copyOf(rows);
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
    return List.of(
        counter(rows, "container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", CgroupStats::cpuSeconds),
        counter(rows, "container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", CgroupStats::cpuUserSeconds),
        counter(rows, "container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", CgroupStats::cpuSystemSeconds),
        counter(rows, "container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", s -> s.periods()),
        counter(rows, "container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.", s -> s.throttledPeriods()),
        counter(rows, "container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.", CgroupStats::throttledSeconds),
        gauge(rows, "container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed.", s -> s.memoryUsage()),
        gauge(rows, "container_memory_working_set_bytes", "Current working set in bytes.", s -> s.workingSet()),
        gauge(rows, "container_memory_rss", "Size of RSS in bytes.", s -> s.rss()),
        gauge(rows, "container_memory_cache", "Number of bytes of page cache memory.", s -> s.cache()));
  }

  private static MetricFamilySamples counter(List<Row> rows, String name, String help, ToDoubleFunction<CgroupStats> value) {
    CounterMetricFamily family = new CounterMetricFamily(name, help, LABELS);
    rows.forEach(r -> family.addMetric(r.labels(), value.applyAsDouble(r.stats())));
    return family;
  }

  private static MetricFamilySamples gauge(List<Row> rows, String name, String help, ToDoubleFunction<CgroupStats> value) {
    GaugeMetricFamily family = new GaugeMetricFamily(name, help, LABELS);
    rows.forEach(r -> family.addMetric(r.labels(), value.applyAsDouble(r.stats())));
    return family;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
