package dev.trawl.queryui;

import dev.trawl.config.ConfigKey;
import dev.trawl.config.ValueType;
import java.util.List;

/** The query UI's configuration keys, each declared once with its default and description. */
public final class QueryUiConfig {
  public static final ConfigKey<String> INDEXER_URL = new ConfigKey<>("indexer.url", ValueType.STRING,
      "http://127.0.0.1:9200", "Base URL of the indexer (or an OpenSearch/Elasticsearch cluster)");
  public static final ConfigKey<String> INDEXER_TOKEN = new ConfigKey<>("indexer.token", ValueType.STRING, null,
      "Bearer token sent to the indexer");
  public static final ConfigKey<String> INDEXER_INDEX = new ConfigKey<>("indexer.index", ValueType.STRING, "logs",
      "Index expression log searches read (a name, comma list or wildcard)");
  public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>("http.port", ValueType.PORT, "8080",
      "Port of the browser app, /api and /metrics");
  public static final ConfigKey<String> AUTH_MODE = new ConfigKey<>("auth.mode",
      ValueType.oneOf("none", "kubernetes", "proxy"), "none",
      "Who may search: none (anyone on this machine; binds to loopback), kubernetes, proxy");

  public static final List<ConfigKey<?>> KEYS = List.of(INDEXER_URL, INDEXER_TOKEN, INDEXER_INDEX, HTTP_PORT, AUTH_MODE);

  private QueryUiConfig() {}
}
