package dev.trawl.indexer;

import dev.trawl.config.ConfigKey;
import dev.trawl.config.ValueType;
import dev.trawl.http.LimitSettings;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The indexer's configuration keys, each declared once with its default and description. */
public final class IndexerConfig {
  public static final ConfigKey<String> DATA_DIR = new ConfigKey<>("data.dir", ValueType.STRING, "./data",
      "Directory of the WAL and the Lucene partitions");
  public static final ConfigKey<Long> DATA_MIN_FREE_BYTES = new ConfigKey<>("data.min_free_bytes", ValueType.BYTES,
      "512MiB", "Free space kept on the data directory's filesystem: below it _bulk items answer 429 (clients retry)"
      + " and ingest goes on by itself once space returns");
  public static final ConfigKey<String> PARTITION_GRANULARITY = new ConfigKey<>("partition.granularity",
      ValueType.STRING, "day", "Time one partition holds: hour (logs-2026.11.23.14), day (logs-2026.11.23) or month"
      + " (logs-2026.11); partitions of another granularity already on disk are kept and searched");
  public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>("http.port", ValueType.PORT, "9200",
      "Port of the Elasticsearch-compatible API and /metrics");
  public static final ConfigKey<String> HTTP_HOST = new ConfigKey<>("http.host", ValueType.STRING, "0.0.0.0",
      "Address the API binds to");
  public static final ConfigKey<Long> HTTP_MAX_BODY = new ConfigKey<>("http.max_body_bytes", ValueType.BYTES,
      "100MiB", "Largest request body (after gzip decoding); larger ones answer 413");
  public static final ConfigKey<String> AUTH_TOKEN = new ConfigKey<>("auth.token", ValueType.STRING, null,
      "Bearer token every request must carry (unset: no token needed)");
  public static final ConfigKey<Duration> RETENTION_MAX_AGE = new ConfigKey<>("retention.max_age",
      ValueType.DURATION_TYPE, "7d", "Partitions whose day ended longer ago than this are deleted");
  public static final ConfigKey<Long> RETENTION_MAX_BYTES = new ConfigKey<>("retention.max_bytes",
      ValueType.BYTES, "0", "Oldest partitions are deleted while all exceed this size (0 = off)");
  public static final ConfigKey<Duration> REFRESH_INTERVAL = new ConfigKey<>("refresh.interval",
      ValueType.DURATION_TYPE, "1s", "How soon an acknowledged document becomes searchable");
  public static final ConfigKey<Duration> COMMIT_INTERVAL = new ConfigKey<>("commit.interval",
      ValueType.DURATION_TYPE, "30s", "How often Lucene commits, bounding the WAL replayed on start");

  public static final ConfigKey<String> AUTH_TOKEN_FILE = new ConfigKey<>("auth.token_file", ValueType.STRING, null,
      "File holding the bearer token (a mounted Secret; instead of auth.token)");
  public static final ConfigKey<String> TLS_CERT = new ConfigKey<>("tls.cert", ValueType.STRING, null,
      "PEM certificate chain: the API serves HTTPS (unset: plain HTTP)");
  public static final ConfigKey<String> TLS_KEY = new ConfigKey<>("tls.key", ValueType.STRING, null,
      "PEM private key of tls.cert");
  public static final ConfigKey<String> TLS_CLIENT_CA = new ConfigKey<>("tls.client_ca", ValueType.STRING, null,
      "PEM CA certificates: every client must present a certificate they sign (mutual TLS; unset: none asked)");

  /** Per collector node: a shipper sends a few bulks a second; a burst covers a backlog being drained. */
  public static final LimitSettings LIMITS = LimitSettings.withDefaults("500", "1000", "16");

  public static final List<ConfigKey<?>> KEYS = Stream.concat(Stream.of(DATA_DIR, DATA_MIN_FREE_BYTES, PARTITION_GRANULARITY, HTTP_PORT, HTTP_HOST, HTTP_MAX_BODY,
      AUTH_TOKEN, AUTH_TOKEN_FILE, TLS_CERT, TLS_KEY, TLS_CLIENT_CA, RETENTION_MAX_AGE, RETENTION_MAX_BYTES, REFRESH_INTERVAL, COMMIT_INTERVAL), LIMITS.keys().stream()).toList();

  private IndexerConfig() {}
}
