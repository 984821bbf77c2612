package dev.trawl.launcher.demo;

import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.Config;
import dev.trawl.config.ConfigKey;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack in one process on a generated workload. Each component is configured the way
 * a user configures it (keys through the config loader) and talks to the others over loopback
 * HTTP; the collector enriches through the stand-in API with its production informer code.
 */
public final class Demo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  public static final String NODE_NAME = "demo-node";
  private static final long ROTATE_BYTES = 1 << 20;

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private final Path workDir;
  private final boolean deleteWorkDir;
  private final QueryUi queryUi;
  private final String indexerUrl;
  private final Workload workload;

  private Demo(Config config) throws Exception {
    String dir = config.find(DemoConfig.DIR).filter(s -> !s.isBlank()).orElse(null);
    deleteWorkDir = dir == null;
    workDir = dir == null ? Files.createTempDirectory("trawl-demo-") : Files.createDirectories(Path.of(dir));
    try {
      StandInApi api = new StandInApi(NODE_NAME, DemoPods.create(42));
      toClose.push(api);
      List<DemoPod> pods = api.pods();
      Path cgroupRoot = workDir.resolve("sys/fs/cgroup");
      CgroupTree cgroups = new CgroupTree(cgroupRoot, pods);
      ScheduledExecutorService cgroupTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-cgroups");
        t.setDaemon(true);
        return t;
      });
      cgroupTimer.scheduleAtFixedRate(() -> {
        try {
          cgroups.advance(1);
        } catch (IOException e) {
          LOG.warn("demo cgroup update failed: {}", e.toString());
        }
      }, 1, 1, TimeUnit.SECONDS);
      toClose.push(cgroupTimer::shutdownNow);

      String external = config.find(DemoConfig.INDEXER_URL).filter(s -> !s.isBlank()).orElse(null);
      if (external == null) {
        Indexer indexer = Indexer.start(load(IndexerConfig.KEYS, Map.of(
            IndexerConfig.DATA_DIR, workDir.resolve("indexer").toString(),
            IndexerConfig.HTTP_HOST, "127.0.0.1",
            IndexerConfig.HTTP_PORT, Integer.toString(freeOrAny(config.get(DemoConfig.INDEXER_PORT))))));
        toClose.push(indexer);
        indexerUrl = "http://127.0.0.1:" + indexer.port();
      } else {
        indexerUrl = external.endsWith("/") ? external.substring(0, external.length() - 1) : external;
      }
      queryUi = QueryUi.start(load(QueryUiConfig.KEYS, Map.of(
          QueryUiConfig.INDEXER_URL, indexerUrl,
          QueryUiConfig.HTTP_PORT, Integer.toString(freeOrAny(config.get(DemoConfig.QUERY_UI_PORT))),
          QueryUiConfig.TLS_PORT, Integer.toString(freeOrAny(config.get(DemoConfig.METRICS_API_PORT))))));
      toClose.push(queryUi);
      Collector collector = Collector.start(load(CollectorConfig.KEYS, Map.of(
          CollectorConfig.NODE_NAME, NODE_NAME,
          CollectorConfig.TAIL_PATHS, workDir.resolve("var/log/pods").toAbsolutePath() + "/*/*/*.log",
          CollectorConfig.STATE_DIR, workDir.resolve("collector").toString(),
          CollectorConfig.KUBE_URL, api.url(),
          CollectorConfig.CGROUP_ROOT, cgroupRoot.toString(),
          CollectorConfig.CGROUP_INTERVAL, "5s",
          CollectorConfig.SHIPPER_URL, indexerUrl,
          CollectorConfig.HTTP_PORT, Integer.toString(freeOrAny(config.get(DemoConfig.COLLECTOR_PORT))))));
      toClose.push(collector);
      workload = new Workload(workDir.resolve("var/log/pods"), pods, config.get(DemoConfig.RATE), ROTATE_BYTES);
      toClose.push(workload);
      workload.start();
      String banner = """

          Trawl demo is running: %d pods in %d namespaces on node %s.
            open  %s
            Elasticsearch API            %s
            HPA metrics APIs (TLS)       https://127.0.0.1:%d/apis/custom.metrics.k8s.io/v1beta2
            collector /metrics           http://127.0.0.1:%d/metrics
            files                        %s
          Press Ctrl-C to stop.
          """.formatted(pods.size(), DemoPods.NAMESPACES.size(), NODE_NAME, queryUi.url(), indexerUrl,
          queryUi.metricsApiPort(), collector.httpPort(), workDir);
      System.out.println(banner);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private static Config load(List<ConfigKey<?>> keys, Map<ConfigKey<?>, String> values) {
    Map<String, String> env = new HashMap<>();
    values.forEach((k, v) -> env.put(k.envName(), v));
    return new ConfigLoader(keys).load(null, env);
  }

  /** The port when it is free on loopback, else 0 (any free port). */
  private static int freeOrAny(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return port;
    } catch (IOException e) {
      return 0;
    }
  }

  public static Demo start(Config config) throws Exception {
    return new Demo(config);
  }

  public String url() {
    return queryUi.url();
  }

  /** The Elasticsearch-compatible engine the stack uses: the embedded indexer or {@code demo.indexer_url}. */
  public String indexerUrl() {
    return indexerUrl;
  }

  public long linesWritten() {
    return workload.written();
  }

  @Override
  public void close() throws IOException {
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        LOG.warn("demo close failed: {}", e.toString());
      }
    }
    if (deleteWorkDir) {
      try (Stream<Path> files = Files.walk(workDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
