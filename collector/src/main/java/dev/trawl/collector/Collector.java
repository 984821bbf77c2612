package dev.trawl.collector;

import dev.trawl.collector.cgroup.CgroupSampler;
import dev.trawl.collector.http.StatusServer;
import dev.trawl.kube.KubeClients;
import dev.trawl.collector.kube.KubePodCache;
import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodPath;
import dev.trawl.collector.opensearch.OpenSearchSetup;
import dev.trawl.collector.queue.DocumentBatch;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.ReplayGuard;
import dev.trawl.collector.record.LogDocument;
import dev.trawl.collector.ship.BulkClient;
import dev.trawl.collector.ship.BulkRequestWriter;
import dev.trawl.collector.ship.DeadLetters;
import dev.trawl.collector.ship.Endpoints;
import dev.trawl.collector.ship.Shipper;
import dev.trawl.collector.ship.ShipperEvents;
import dev.trawl.collector.ship.ShipperSettings;
import dev.trawl.collector.ship.TargetSetup;
import dev.trawl.collector.tail.Checkpoints;
import dev.trawl.collector.tail.Handoff;
import dev.trawl.collector.tail.FileSink;
import dev.trawl.collector.tail.PathGlobs;
import dev.trawl.collector.tail.TailSettings;
import dev.trawl.collector.tail.TailEvents;
import dev.trawl.collector.tail.Tailer;
import dev.trawl.config.Config;
import dev.trawl.config.ConfigException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running collector: tailer → pipeline → node queue → shipper, the pod cache, the cgroup
 * sampler and the status server. {@link #close()} stops in dependency order: tailing first (with
 * a last checkpoint), then the shipper drains, then the rest.
 */
public final class Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private final StatusServer status;
  private final PrometheusMeterRegistry registry;

  private Collector(Config config, Map<String, String> env) throws IOException {
    String nodeName = CollectorConfig.nodeName(config, env);
    int maxLineBytes = CollectorConfig.maxLineBytes(config);
    PathGlobs globs;
    try {
      globs = new PathGlobs(config.get(CollectorConfig.TAIL_PATHS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'tail.paths': " + e.getMessage());
    }
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    ResidentMemory.bindTo(registry);
    try {
      Path stateDir = Path.of(config.get(CollectorConfig.STATE_DIR));
      Files.createDirectories(stateDir);
      NodeQueue queue = new NodeQueue(CollectorConfig.queueDir(config), config.get(CollectorConfig.QUEUE_MAX_BYTES),
          config.get(CollectorConfig.QUEUE_MIN_FREE_BYTES), registry);
      toClose.push(queue);

      PodCache pods = PodCache.EMPTY;
      BooleanSupplier podsSynced = () -> true;
      if (config.get(CollectorConfig.KUBE_ENABLED)) {
        KubernetesClient client = KubeClients.create(config.find(CollectorConfig.KUBE_URL).orElse(null));
        toClose.push(client);
        KubePodCache cache = new KubePodCache(client, nodeName, config.get(CollectorConfig.KUBE_ANNOTATIONS),
            config.get(CollectorConfig.KUBE_DELETED_POD_GRACE), config.get(CollectorConfig.KUBE_FIRST_LIST_WAIT));
        toClose.push(cache);
        cache.start();
        pods = cache;
        podsSynced = cache::synced;
      }

      String url = config.get(CollectorConfig.SHIPPER_URL);
      Endpoints endpoints;
      try {
        endpoints = Endpoints.parse(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config key 'shipper.url': " + e.getMessage());
      }
      BulkRequestWriter writer;
      try {
        writer = new BulkRequestWriter(config.get(CollectorConfig.SHIPPER_INDEX),
            config.get(CollectorConfig.SHIPPER_METRICS_INDEX));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config key 'shipper.index' or 'shipper.metrics_index': " + e.getMessage());
      }
      String token = CollectorConfig.SHIPPER.token(config).orElse(null);
      SSLContext tls = CollectorConfig.SHIPPER.tls(config);
      TargetSetup setup = config.get(CollectorConfig.SHIPPER_OPENSEARCH_SETUP)
          ? new OpenSearchSetup(endpoints, token, config.get(CollectorConfig.SHIPPER_INDEX),
              config.get(CollectorConfig.SHIPPER_METRICS_INDEX), config.get(CollectorConfig.SHIPPER_OPENSEARCH_RETENTION), tls)
          : TargetSetup.NONE;
      DeadLetters deadLetters;
      try {
        deadLetters = new DeadLetters(stateDir, config.get(CollectorConfig.SHIPPER_DEAD_LETTER_MAX_BYTES), registry);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config key 'shipper.dead_letter_max_bytes': " + e.getMessage());
      }
      toClose.push(deadLetters);
      Shipper shipper = new Shipper(queue, new BulkClient(endpoints, token, Duration.ofSeconds(60), tls),
          writer,
          new ShipperSettings(config.get(CollectorConfig.SHIPPER_BATCH_DOCS),
              config.get(CollectorConfig.SHIPPER_BATCH_BYTES), config.get(CollectorConfig.SHIPPER_LINGER),
              config.get(CollectorConfig.SHIPPER_GZIP), config.get(CollectorConfig.SHIPPER_DRAIN_TIMEOUT),
              config.get(CollectorConfig.SHIPPER_MAX_IN_FLIGHT)),
          new ShipperEvents(registry), deadLetters, setup);
      toClose.push(shipper);
      shipper.start();

      CgroupSampler sampler = new CgroupSampler(Path.of(config.get(CollectorConfig.CGROUP_ROOT)), Path.of("/sys/dev/block"), pods,
          nodeName, config.get(CollectorConfig.CGROUP_INTERVAL), queue, registry);
      toClose.push(sampler);
      sampler.start();

      LogDocument document = new LogDocument();
      DocumentBatch batch = new DocumentBatch(queue);
      CollectorEvents events = new CollectorEvents(registry);
      PodCache podCache = pods;
      long multilineTimeout = config.get(CollectorConfig.TAIL_MULTILINE_TIMEOUT).toNanos();
      Checkpoints checkpoints = Checkpoints.load(stateDir);
      if (checkpoints.mark().isEmpty()) {
        // The first run: saved at once, so that a kill before its first periodic checkpoint still
        // leaves the time it started (files rotated since are read after the restart) and a mark
        // before anything it queues (every queued line is recognised when read again).
        checkpoints.save(-1);
      }
      ReplayGuard replay = new ReplayGuard(queue.logIdsAfter(checkpoints.mark().getAsLong()), registry);
      if (replay.size() > 0) {
        LOG.info("tail resume: {} lines reached the queue after the last checkpoint and will not be queued again", replay.size());
      }
      SinkSettings sinkSettings = new SinkSettings(nodeName, maxLineBytes, multilineTimeout,
          CollectorConfig.multiline(config), config.get(CollectorConfig.KUBE_UNKNOWN_POD_WAIT).toNanos());
      TailSettings tailSettings = new TailSettings(maxLineBytes, config.get(CollectorConfig.TAIL_IDLE_TIMEOUT));
      Tailer tailer = new Tailer(globs, checkpoints, (path, identity, handedOn) -> {
        var pod = PodPath.parse(path);
        if (pod.isEmpty()) {
          LOG.warn("tail skip path={}: not in kubelet's /var/log/pods/<ns>_<pod>_<uid>/<container>/ layout", path);
          return SKIP;
        }
        return new ContainerLogSink(path.toString(), pod.get(), identity, handedOn, sinkSettings, podCache, queue, replay,
            document, batch, events);
      }, new TailEvents(registry), tailSettings, new Handoff() {
        @Override
        public void passEnded() {
          batch.flush();
        }

        @Override
        public long mark() {
          return queue.lastIndex();
        }
      });
      toClose.push(tailer);
      tailer.start();

      BooleanSupplier enrichmentReady = podsSynced;
      status = new StatusServer(config.get(CollectorConfig.HTTP_PORT), registry,
          () -> tailer.started() && enrichmentReady.getAsBoolean());
      toClose.push(status);
      LOG.info("collector started node={} paths={} shipper={} metrics=:{}", nodeName,
          config.get(CollectorConfig.TAIL_PATHS), url, status.port());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A sink for files outside kubelet's layout: their lines are read and passed over. */
  private static final FileSink SKIP = new FileSink() {
    @Override
    public boolean line(byte[] buf, int off, int len, long offset, boolean truncated) {
      return true;
    }

    @Override
    public long settledOffset(long readPosition) {
      return readPosition;
    }
  };

  public static Collector start(Config config) throws IOException {
    return new Collector(config, System.getenv());
  }

  public static Collector start(Config config, Map<String, String> env) throws IOException {
    return new Collector(config, env);
  }

  /** The port /metrics is served on (useful when configured as 0). */
  public int httpPort() {
    return status.port();
  }

  /**
   * Log lines read so far ({@code trawl_collector_lines_read_total} over every namespace and
   * stream), for a process that embeds the collector and would otherwise scrape its own /metrics.
   */
  public long linesRead() {
    return (long) registry.find("trawl.collector.lines.read").counters().stream().mapToDouble(Counter::count).sum();
  }

  @Override
  public void close() {
    while (!toClose.isEmpty()) {
      AutoCloseable c = toClose.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("collector close of {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
