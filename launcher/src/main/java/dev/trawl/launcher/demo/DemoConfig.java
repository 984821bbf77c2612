package dev.trawl.launcher.demo;

import dev.trawl.config.ConfigKey;
import dev.trawl.config.ValueType;
import java.util.List;

/** The demo's configuration keys (also {@code TRAWL_DEMO_*} environment variables). */
public final class DemoConfig {
  public static final ConfigKey<Integer> RATE = new ConfigKey<>("demo.rate", ValueType.POSITIVE_INT, "1",
      "Multiplier of the demo pods' log rates (1 is about 110 lines per second)");
  public static final ConfigKey<String> DIR = new ConfigKey<>("demo.dir", ValueType.STRING, null,
      "Working directory for logs, queue and index (default: a temporary one, deleted on exit)");
  public static final ConfigKey<Integer> QUERY_UI_PORT = new ConfigKey<>("demo.query_ui_port", ValueType.PORT, "8080",
      "Query UI port, if free (else any free port)");
  public static final ConfigKey<Integer> METRICS_API_PORT = new ConfigKey<>("demo.metrics_api_port", ValueType.PORT,
      "6443", "HTTPS port of the HPA metrics APIs, if free (else any free port)");
  public static final ConfigKey<Integer> INDEXER_PORT = new ConfigKey<>("demo.indexer_port", ValueType.PORT, "9200",
      "Indexer port, if free (else any free port)");
  public static final ConfigKey<String> INDEXER_URL = new ConfigKey<>("demo.indexer_url", ValueType.STRING, null,
      "An Elasticsearch-compatible engine to use instead of the embedded indexer, e.g. an OpenSearch node's URL;"
      + " the collector prepares it and ships to it, the query UI reads from it");
  public static final ConfigKey<Integer> COLLECTOR_PORT = new ConfigKey<>("demo.collector_port", ValueType.PORT, "2020",
      "Collector /metrics port, if free (else any free port)");

  public static final List<ConfigKey<?>> KEYS = List.of(RATE, DIR, QUERY_UI_PORT, METRICS_API_PORT, INDEXER_PORT, INDEXER_URL,
      COLLECTOR_PORT);

  private DemoConfig() {}
}
