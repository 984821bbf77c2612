package dev.trawl.queryui;

import dev.trawl.config.ConfigKey;
import dev.trawl.config.ValueType;
import dev.trawl.http.LimitSettings;
import dev.trawl.http.tls.UpstreamSettings;
import java.util.List;
import java.util.stream.Stream;

/** The query UI's configuration keys, each declared once with its default and description. */
public final class QueryUiConfig {
  public static final ConfigKey<String> INDEXER_URL = new ConfigKey<>("indexer.url", ValueType.STRING,
      "http://127.0.0.1:9200", "Base URL of the indexer (or an OpenSearch/Elasticsearch cluster)");
  public static final ConfigKey<String> INDEXER_TOKEN = new ConfigKey<>("indexer.token", ValueType.STRING, null,
      "Bearer token sent to the indexer");
  public static final ConfigKey<String> INDEXER_INDEX = new ConfigKey<>("indexer.index", ValueType.STRING, "logs",
      "Index expression log searches read (a name, comma list or wildcard)");
  public static final ConfigKey<String> INDEXER_METRIC_INDEX = new ConfigKey<>("indexer.metric_index", ValueType.STRING,
      "metrics", "Index expression holding the collectors' cgroup metric samples (for the HPA's CPU and memory)");
  public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>("http.port", ValueType.PORT, "8080",
      "Port of the browser app, /api and /metrics");
  public static final ConfigKey<String> HTTP_HOST = new ConfigKey<>("http.host", ValueType.STRING, null,
      "Address http.port binds to (unset: 127.0.0.1 with auth.mode none, 0.0.0.0 otherwise)");
  public static final ConfigKey<Boolean> HTTP_TLS = new ConfigKey<>("http.tls", ValueType.BOOLEAN, "false",
      "Serve http.port over HTTPS with tls.cert and tls.key (when no Ingress terminates TLS in front)");
  public static final ConfigKey<String> AUTH_PROXY_TRUSTED = new ConfigKey<>("auth.proxy.trusted", ValueType.STRING,
      "127.0.0.1/32,::1/128", "With auth.mode proxy: address ranges whose X-Forwarded-User/X-Forwarded-Groups are believed");
  public static final ConfigKey<String> AUTH_MODE = new ConfigKey<>("auth.mode",
      ValueType.oneOf("none", "kubernetes", "proxy"), "none",
      "Who may search: none (anyone who reaches the port; binds to loopback), kubernetes (Kubernetes tokens), "
      + "proxy (an authenticating proxy's X-Forwarded-User); both of these see only namespaces they may get pods/log in");
  public static final ConfigKey<Integer> TLS_PORT = new ConfigKey<>("tls.port", ValueType.PORT, "6443",
      "HTTPS port of the custom and external metrics APIs the HPA reads");
  public static final ConfigKey<String> TLS_CERT = new ConfigKey<>("tls.cert", ValueType.STRING, null,
      "PEM certificate chain for tls.port (unset with tls.key: a self-signed one is generated at start)");
  public static final ConfigKey<String> TLS_KEY = new ConfigKey<>("tls.key", ValueType.STRING, null,
      "PEM private key of tls.cert");
  public static final ConfigKey<String> KUBE_URL = new ConfigKey<>("kube.url", ValueType.STRING, null,
      "Kubernetes API server for auth.mode kubernetes (unset: in-cluster service account, else kubeconfig)");
  public static final ConfigKey<String> SAVED_SEARCHES_FILE = new ConfigKey<>("saved_searches.file", ValueType.STRING,
      null, "YAML file of saved searches (name: Lucene query); the HPA's log_query_rate names one with query=<name>");

  /** Per address: a page load makes a handful of requests; behind an Ingress every user shares one address. */
  public static final LimitSettings LIMITS = LimitSettings.withDefaults("100", "200", "16");

  public static final UpstreamSettings INDEXER = UpstreamSettings.of(INDEXER_TOKEN, "indexer");

  public static final List<ConfigKey<?>> KEYS = Stream.of(Stream.<ConfigKey<?>>of(INDEXER_URL, INDEXER_TOKEN, INDEXER_INDEX, INDEXER_METRIC_INDEX,
      HTTP_PORT, HTTP_HOST, HTTP_TLS, AUTH_MODE, AUTH_PROXY_TRUSTED, TLS_PORT, TLS_CERT, TLS_KEY, KUBE_URL, SAVED_SEARCHES_FILE), INDEXER.keys().stream(),
      LIMITS.keys().stream()).flatMap(s -> s).toList();

  private QueryUiConfig() {}
}
