package dev.trawl.collector;

import dev.trawl.config.Config;
import dev.trawl.collector.multiline.MultilineDefaults;
import dev.trawl.config.ConfigException;
import dev.trawl.config.ConfigKey;
import dev.trawl.config.ValueType;
import dev.trawl.http.tls.UpstreamSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;

/** The collector's configuration keys, each declared once with its default and description. */
public final class CollectorConfig {
  public static final ConfigKey<String> NODE_NAME = new ConfigKey<>("node.name", ValueType.STRING, null,
      "This node's name, as in the pods' spec.nodeName (default: env NODE_NAME, else the host name)");
  public static final ConfigKey<List<String>> TAIL_PATHS = new ConfigKey<>("tail.paths", ValueType.LIST,
      "/var/log/pods/*/*/*.log", "Comma list of absolute globs of the log files to tail");
  public static final ConfigKey<Long> TAIL_MAX_LINE_BYTES = new ConfigKey<>("tail.max_line_bytes",
      ValueType.BYTES, "1MiB", "Longest line kept; longer lines are cut there and flagged truncated");
  public static final ConfigKey<Duration> TAIL_MULTILINE_TIMEOUT = new ConfigKey<>("tail.multiline_timeout",
      ValueType.DURATION_TYPE, "1s", "How long a multiline event waits for its next line before it is shipped");
  public static final ConfigKey<String> TAIL_MULTILINE = new ConfigKey<>("tail.multiline", ValueType.STRING, null,
      "Multiline rules for pods without the trawl.dev/multiline annotation: <namespace>/<container>=<rule> entries (rule: java, go, python or a start-line regex) separated by ; (* matches any name; the first match wins)");
  public static final ConfigKey<Duration> TAIL_IDLE_TIMEOUT = new ConfigKey<>("tail.idle_timeout",
      ValueType.DURATION_TYPE, "5m", "A file that has not grown for this long is closed, and reopened from its checkpoint when it grows");
  public static final ConfigKey<String> STATE_DIR = new ConfigKey<>("state.dir", ValueType.STRING,
      "/var/lib/trawl", "Directory of checkpoints (and of the queue unless queue.dir is set)");
  public static final ConfigKey<String> QUEUE_DIR = new ConfigKey<>("queue.dir", ValueType.STRING, null,
      "Directory of the node queue (default: <state.dir>/queue)");
  public static final ConfigKey<Long> QUEUE_MAX_BYTES = new ConfigKey<>("queue.max_bytes", ValueType.BYTES,
      "1GiB", "Undelivered bytes the node queue holds at most; at the bound tailing pauses, nothing is dropped");
  public static final ConfigKey<Long> QUEUE_MIN_FREE_BYTES = new ConfigKey<>("queue.min_free_bytes", ValueType.BYTES,
      "256MiB", "Free space kept on the node queue's file system: below it tailing pauses (reported, nothing dropped)"
      + " and goes on once space returns");
  public static final ConfigKey<Boolean> KUBE_ENABLED = new ConfigKey<>("kube.enabled", ValueType.BOOLEAN,
      "true", "Enrich records with pod metadata from the Kubernetes API");
  public static final ConfigKey<String> KUBE_URL = new ConfigKey<>("kube.url", ValueType.STRING, null,
      "API server URL (default: in-cluster service account, else kubeconfig)");
  public static final ConfigKey<List<String>> KUBE_ANNOTATIONS = new ConfigKey<>("kube.annotations",
      ValueType.LIST, "", "Pod annotations copied into kubernetes.annotations.* (allow-list)");
  public static final ConfigKey<Duration> KUBE_DELETED_POD_GRACE = new ConfigKey<>("kube.deleted_pod_grace",
      ValueType.DURATION_TYPE, "5m", "How long a deleted pod's metadata is kept for its last lines");
  public static final ConfigKey<Duration> KUBE_UNKNOWN_POD_WAIT = new ConfigKey<>("kube.unknown_pod_wait",
      ValueType.DURATION_TYPE, "2s", "How long a new file's lines wait for the API to know their pod and its namespace before they"
      + " ship with the path's metadata, flagged no_pod_metadata (other files keep flowing meanwhile)");
  public static final ConfigKey<Duration> KUBE_FIRST_LIST_WAIT = new ConfigKey<>("kube.first_list_wait",
      ValueType.DURATION_TYPE, "30s", "How long, at most, new files' lines wait at start for the API's first lists of pods,"
      + " namespaces, ReplicaSets and Jobs (a big cluster's can take seconds) before kube.unknown_pod_wait begins");
  public static final ConfigKey<String> CGROUP_ROOT = new ConfigKey<>("cgroup.root", ValueType.STRING,
      "/sys/fs/cgroup", "Root of the cgroup tree to sample");
  public static final ConfigKey<Duration> CGROUP_INTERVAL = new ConfigKey<>("cgroup.interval",
      ValueType.DURATION_TYPE, "10s", "How often container metrics are sampled");
  public static final ConfigKey<String> SHIPPER_URL = new ConfigKey<>("shipper.url", ValueType.STRING,
      "http://127.0.0.1:9200", "Base URL of the Elasticsearch-compatible indexer; a comma list of URLs fails over"
      + " to the next on connection errors, timeouts and 502/503/504");
  public static final ConfigKey<String> SHIPPER_INDEX = new ConfigKey<>("shipper.index", ValueType.STRING,
      "logs", "Index (stream) log documents are sent to");
  public static final ConfigKey<String> SHIPPER_METRICS_INDEX = new ConfigKey<>("shipper.metrics_index",
      ValueType.STRING, "metrics", "Index (stream) container metric documents are sent to");
  public static final ConfigKey<String> SHIPPER_TOKEN = new ConfigKey<>("shipper.token", ValueType.STRING,
      null, "Bearer token sent to the indexer");
  public static final ConfigKey<Integer> SHIPPER_BATCH_DOCS = new ConfigKey<>("shipper.batch_docs",
      ValueType.POSITIVE_INT, "5000", "Documents per bulk request at most");
  public static final ConfigKey<Long> SHIPPER_BATCH_BYTES = new ConfigKey<>("shipper.batch_bytes",
      ValueType.BYTES, "5MiB", "Source bytes per bulk request at most");
  public static final ConfigKey<Duration> SHIPPER_LINGER = new ConfigKey<>("shipper.linger",
      ValueType.DURATION_TYPE, "1s", "How long a partly filled batch waits for more documents");
  public static final ConfigKey<Boolean> SHIPPER_GZIP = new ConfigKey<>("shipper.gzip", ValueType.BOOLEAN,
      "true", "Compress bulk request bodies with gzip");
  public static final ConfigKey<Duration> SHIPPER_DRAIN_TIMEOUT = new ConfigKey<>("shipper.drain_timeout",
      ValueType.DURATION_TYPE, "10s", "How long a stop keeps delivering what is queued");
  public static final ConfigKey<Integer> SHIPPER_MAX_IN_FLIGHT = new ConfigKey<>("shipper.max_in_flight",
      ValueType.POSITIVE_INT, "2", "Bulk requests sent at once at most (the queue is still acknowledged in order)");
  public static final ConfigKey<Long> SHIPPER_DEAD_LETTER_MAX_BYTES = new ConfigKey<>("shipper.dead_letter_max_bytes",
      ValueType.BYTES, "64MiB", "Bytes the dead-letter files (<state.dir>/dead-letter.ndjson and .1: documents the indexer"
      + " rejected as bad, with the reason) hold at most; the older half is dropped beyond it");
  public static final ConfigKey<Boolean> SHIPPER_OPENSEARCH_SETUP = new ConfigKey<>("shipper.opensearch_setup",
      ValueType.BOOLEAN, "true", "When the target is OpenSearch, install Trawl's index templates, data streams and"
      + " ISM retention policy before shipping (idempotent; a Trawl indexer needs none)");
  public static final ConfigKey<Duration> SHIPPER_OPENSEARCH_RETENTION = new ConfigKey<>(
      "shipper.opensearch_retention", ValueType.DURATION_TYPE, "7d",
      "Age after which OpenSearch's ISM policy deletes a rolled-over backing index");
  public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>("http.port", ValueType.PORT, "2020",
      "Port of /metrics, /healthz and /readyz");

  public static final UpstreamSettings SHIPPER = UpstreamSettings.of(SHIPPER_TOKEN, "shipper");

  public static final List<ConfigKey<?>> KEYS = Stream.concat(Stream.of(NODE_NAME, TAIL_PATHS, TAIL_MAX_LINE_BYTES, TAIL_MULTILINE, TAIL_MULTILINE_TIMEOUT, TAIL_IDLE_TIMEOUT,
      STATE_DIR, QUEUE_DIR, QUEUE_MAX_BYTES, QUEUE_MIN_FREE_BYTES, KUBE_ENABLED, KUBE_URL, KUBE_ANNOTATIONS, KUBE_DELETED_POD_GRACE,
      KUBE_UNKNOWN_POD_WAIT, KUBE_FIRST_LIST_WAIT,
      CGROUP_ROOT, CGROUP_INTERVAL, SHIPPER_URL, SHIPPER_INDEX, SHIPPER_METRICS_INDEX, SHIPPER_TOKEN, SHIPPER_BATCH_DOCS,
      SHIPPER_BATCH_BYTES, SHIPPER_LINGER, SHIPPER_GZIP, SHIPPER_DRAIN_TIMEOUT, SHIPPER_MAX_IN_FLIGHT, SHIPPER_DEAD_LETTER_MAX_BYTES, SHIPPER_OPENSEARCH_SETUP, SHIPPER_OPENSEARCH_RETENTION,
      HTTP_PORT), SHIPPER.keys().stream()).toList();

  private CollectorConfig() {}

  /** node.name, else env NODE_NAME, else the host name. */
  static String nodeName(Config config, Map<String, String> env) {
    return config.find(NODE_NAME).filter(s -> !s.isBlank())
        .or(() -> java.util.Optional.ofNullable(env.get("NODE_NAME")).filter(s -> !s.isBlank()))
        .orElseGet(CollectorConfig::hostName);
  }

  static Path queueDir(Config config) {
    return config.find(QUEUE_DIR).filter(s -> !s.isBlank()).map(Path::of)
        .orElse(Path.of(config.get(STATE_DIR)).resolve("queue"));
  }

  static int maxLineBytes(Config config) {
    long max = config.get(TAIL_MAX_LINE_BYTES);
    // A document must fit in one node-queue excerpt (2 MiB): longer lines would be cut there anyway,
    // after costing buffers of up to six times their size for escaping.
    if (max < 1024 || max > 2L << 20) {
      throw new ConfigException("config key 'tail.max_line_bytes': '" + max + "' is not between 1KiB and 2MiB");
    }
    return (int) max;
  }

  static MultilineDefaults multiline(Config config) {
    String text = config.find(TAIL_MULTILINE).orElse(null);
    try {
      return MultilineDefaults.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'tail.multiline': '" + text + "': " + e.getMessage());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
