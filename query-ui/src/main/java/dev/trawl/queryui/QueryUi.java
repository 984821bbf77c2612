package dev.trawl.queryui;

import dev.trawl.config.Config;
import dev.trawl.config.ConfigException;
import dev.trawl.http.HttpServer;
import dev.trawl.http.StandardRoutes;
import dev.trawl.queryui.api.ContextApi;
import dev.trawl.queryui.api.FieldsApi;
import dev.trawl.queryui.api.HistogramApi;
import dev.trawl.queryui.api.IndexerClient;
import dev.trawl.queryui.api.SearchApi;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running query UI. With {@code auth.mode: none} it binds to loopback only and says so. */
public final class QueryUi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryUi.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer http;

  private QueryUi(Config config) throws InterruptedException {
    String mode = config.get(QueryUiConfig.AUTH_MODE);
    if (!mode.equals("none")) {
      throw new ConfigException("config key 'auth.mode': '" + mode + "' is not available in this version; use none");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    IndexerClient indexer = new IndexerClient(config.get(QueryUiConfig.INDEXER_URL),
        config.find(QueryUiConfig.INDEXER_TOKEN).orElse(null));
    String index = config.get(QueryUiConfig.INDEXER_INDEX);
    http = new HttpServer("query-ui", "127.0.0.1", config.get(QueryUiConfig.HTTP_PORT), MAX_BODY, 8,
        new StandardRoutes(registry::scrape, new QueryUiRoutes(new SearchApi(indexer, index),
            new HistogramApi(indexer, index), new FieldsApi(indexer, index), new ContextApi(indexer, index), registry)));
    LOG.info("query-ui started url={} auth.mode=none: open to everyone on this machine, bound to loopback", url());
  }

  public static QueryUi start(Config config) throws InterruptedException {
    return new QueryUi(config);
  }

  public int port() {
    return http.port();
  }

  public String url() {
    return "http://127.0.0.1:" + http.port() + "/";
  }

  @Override
  public void close() {
    http.close();
  }
}
