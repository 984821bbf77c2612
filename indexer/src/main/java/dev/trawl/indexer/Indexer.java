package dev.trawl.indexer;

import dev.trawl.config.Config;
import dev.trawl.config.ConfigException;
import dev.trawl.http.HttpServer;
import dev.trawl.config.Secrets;
import dev.trawl.http.ClientLimits;
import dev.trawl.http.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import dev.trawl.http.StandardRoutes;
import dev.trawl.indexer.api.ErrorResponses;
import dev.trawl.indexer.api.EsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import dev.trawl.indexer.api.BulkService;
import dev.trawl.indexer.api.IndexerRoutes;
import dev.trawl.indexer.search.SearchExecutor;
import dev.trawl.indexer.store.PartitionName;
import dev.trawl.indexer.store.Store;
import dev.trawl.chronicle.DiskReserve;
import dev.trawl.indexer.wal.Wal;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running indexer: WAL replay at start, then the HTTP API, refresh and commit timers and
 * retention. {@link #close()} stops taking requests, commits and closes.
 */
public final class Indexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private static final int MAX_FIELDS = 1000;

  private final Wal wal;
  private final Store store;
  private final ExecutorService ingest = Executors.newSingleThreadExecutor(r -> new Thread(r, "trawl-ingest"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trawl-indexer-timer");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer http;

  private Indexer(Config config) throws IOException, InterruptedException {
    Path dataDir = Path.of(config.get(IndexerConfig.DATA_DIR));
    long maxBody = config.get(IndexerConfig.HTTP_MAX_BODY);
    if (maxBody > Integer.MAX_VALUE) {
      throw new ConfigException("config key 'http.max_body_bytes': '" + maxBody + "' is not at most 2GiB");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    wal = new Wal(dataDir.resolve("wal"));
    Gauge.builder("trawl.indexer.wal.backlog", wal, Wal::backlog)
        .description("Documents in the WAL not yet covered by a Lucene commit: what a crash now would replay").register(registry);
    DiskReserve diskReserve = DiskReserve.of("indexer data " + dataDir, dataDir, config.get(IndexerConfig.DATA_MIN_FREE_BYTES));
    store = new Store(dataDir, wal, MAX_FIELDS, granularity(config), diskReserve, Clock.systemUTC(), registry);
    try {
      store.replayWal();
      Duration refresh = config.get(IndexerConfig.REFRESH_INTERVAL);
      Duration commit = config.get(IndexerConfig.COMMIT_INTERVAL);
      Duration maxAge = config.get(IndexerConfig.RETENTION_MAX_AGE);
      long maxBytes = config.get(IndexerConfig.RETENTION_MAX_BYTES);
      every(refresh, store::refresh);
      every(commit, () -> ingest.submit(() -> {
        store.commit();
        return null;
      }).get());
      every(Duration.ofMinutes(1), () -> ingest.submit(() -> {
        store.applyRetention(maxAge, maxBytes);
        return null;
      }).get());
      SearchExecutor search = new SearchExecutor(store, Clock.systemUTC());
      Counter refused = Counter.builder("trawl.indexer.requests.refused").description(
          "Requests answered 429 because one client exceeded limits.requests_per_second or limits.concurrent")
          .register(registry);
      ClientLimits limits = IndexerConfig.LIMITS.limits(config, reason -> ErrorResponses.of(
          new EsException(429, "es_rejected_execution_exception", "rejected: " + reason)), refused::increment);
      SslContext tls = TlsContexts.serverIfConfigured(config.find(IndexerConfig.TLS_CERT).orElse(null),
          config.find(IndexerConfig.TLS_KEY).orElse(null), config.find(IndexerConfig.TLS_CLIENT_CA).orElse(null));
      http = new HttpServer("indexer", config.get(IndexerConfig.HTTP_HOST), config.get(IndexerConfig.HTTP_PORT),
          (int) maxBody, 8, tls, new StandardRoutes(registry::scrape, limits.around(new IndexerRoutes(store, search,
              new BulkService(store, ingest, registry), ingest, Secrets.read(config, IndexerConfig.AUTH_TOKEN, IndexerConfig.AUTH_TOKEN_FILE).orElse(null), registry))));
    } catch (IOException | RuntimeException | InterruptedException e) {
      closeStorage();
      throw e;
    }
    LOG.info("indexer started data={} port={} tls={} client_certificates={} token_required={}", dataDir.toAbsolutePath(),
        http.port(), config.find(IndexerConfig.TLS_CERT).isPresent(), config.find(IndexerConfig.TLS_CLIENT_CA).isPresent(),
        config.find(IndexerConfig.AUTH_TOKEN).or(() -> config.find(IndexerConfig.AUTH_TOKEN_FILE)).isPresent());
  }

  @FunctionalInterface
  private interface Task {
    void run() throws Exception;
  }

  private void every(Duration interval, Task task) {
    timers.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (Exception e) {
        LOG.warn("indexer background task failed: {}", e.toString());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static Indexer start(Config config) throws IOException, InterruptedException {
    return new Indexer(config);
  }

  private static PartitionName.Granularity granularity(Config config) {
    String value = config.get(IndexerConfig.PARTITION_GRANULARITY);
    try {
      return PartitionName.Granularity.named(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'partition.granularity': " + e.getMessage());
    }
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
    closeStorage();
  }

  private void closeStorage() {
    // Not shutdownNow: an interrupt inside Lucene (a refresh flushing a segment) closes the
    // channels it is using, the index's write lock among them, and the final commit then fails.
    timers.shutdown();
    try {
      if (!timers.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("indexer background task still running after 60 s; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      ingest.submit(() -> {
        store.close();
        return null;
      }).get();
    } catch (Exception e) {
      LOG.error("indexer close failed: {}", e.toString(), e);
    }
    ingest.shutdown();
    wal.close();
    LOG.info("indexer stopped");
  }
}
