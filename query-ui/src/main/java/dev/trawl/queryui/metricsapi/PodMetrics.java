package dev.trawl.queryui.metricsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.queryui.api.ApiException;
import dev.trawl.queryui.api.IndexerClient;
import dev.trawl.queryui.api.NamespaceScope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-pod values over the last minute, from the documents in the indexer: log lines and error
 * lines per second from the log stream; CPU cores (the growth of each container's
 * {@code container_cpu_usage_seconds_total}) and working-set bytes (each container's average)
 * from the metric stream, summed over the pod's containers.
 */
final class PodMetrics {
  static final int WINDOW_SECONDS = 60;
  static final List<String> NAMES = List.of("log_lines_per_second", "error_log_lines_per_second", "cpu_usage_cores",
      "memory_working_set_bytes");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PODS = 10_000;
  private static final int MAX_CONTAINERS = 100;

  private final IndexerClient indexer;
  private final String logIndex;
  private final String metricIndex;

  PodMetrics(IndexerClient indexer, String logIndex, String metricIndex) {
    this.indexer = indexer;
    this.logIndex = logIndex;
    this.metricIndex = metricIndex;
  }

  /**
   * @param pod a pod name, or {@code *} for every pod the selector matches
   * @return value per pod name, sorted by name
   */
  Map<String, Double> values(String metric, String namespace, String pod, LabelSelector selector) {
    return switch (metric) {
      case "log_lines_per_second" -> logRate(namespace, pod, selector, false);
      case "error_log_lines_per_second" -> logRate(namespace, pod, selector, true);
      case "cpu_usage_cores" -> cpuCores(namespace, pod, selector);
      case "memory_working_set_bytes" -> workingSet(namespace, pod, selector);
      default -> throw KubeApiException.notFound("the server could not find the metric " + metric + " for pods; it serves "
          + String.join(", ", NAMES));
    };
  }

  private Map<String, Double> logRate(String namespace, String pod, LabelSelector selector, boolean errorsOnly) {
    Map<String, Double> values = new TreeMap<>();
    // Pods with a cgroup sample but no line in the window log at a rate of zero, and say so.
    for (JsonNode bucket : podBuckets(namespace, metricIndex, request(namespace, pod, selector))) {
      values.put(bucket.path("key").asText(), 0.0);
    }
    ObjectNode body = request(namespace, pod, selector);
    if (errorsOnly) {
      body.withObject("/aggs/pods").putObject("aggs").putObject("errors").putObject("filters").putObject("filters")
          .putObject("errors").putObject("terms").putArray("log.level").add("error").add("fatal");
    }
    for (JsonNode bucket : podBuckets(namespace, logIndex, body)) {
      JsonNode counted = errorsOnly ? bucket.at("/errors/buckets/errors") : bucket;
      values.put(bucket.path("key").asText(), counted.path("doc_count").asDouble() / WINDOW_SECONDS);
    }
    return values;
  }

  private Map<String, Double> cpuCores(String namespace, String pod, LabelSelector selector) {
    ObjectNode containerAggs = JSON.createObjectNode();
    containerAggs.putObject("first_value").putObject("min").put("field", "metric.value");
    containerAggs.putObject("last_value").putObject("max").put("field", "metric.value");
    containerAggs.putObject("first_time").putObject("min").put("field", "@timestamp");
    containerAggs.putObject("last_time").putObject("max").put("field", "@timestamp");
    Map<String, Double> values = new TreeMap<>();
    for (JsonNode bucket : containerBuckets(namespace, pod, selector, "container_cpu_usage_seconds_total", containerAggs)) {
      double cores = 0;
      boolean measured = false;
      for (JsonNode container : bucket.path("containers").path("buckets")) {
        double seconds = (container.path("last_time").path("value").asDouble()
            - container.path("first_time").path("value").asDouble()) / 1000.0;
        if (seconds > 0) {
          cores += (container.path("last_value").path("value").asDouble()
              - container.path("first_value").path("value").asDouble()) / seconds;
          measured = true;
        }
      }
      if (measured) {
        values.put(bucket.path("key").asText(), Math.max(0, cores));
      }
    }
    return values;
  }

  private Map<String, Double> workingSet(String namespace, String pod, LabelSelector selector) {
    ObjectNode containerAggs = JSON.createObjectNode();
    containerAggs.putObject("average").putObject("avg").put("field", "metric.value");
    Map<String, Double> values = new TreeMap<>();
    for (JsonNode bucket : containerBuckets(namespace, pod, selector, "container_memory_working_set_bytes", containerAggs)) {
      double bytes = 0;
      for (JsonNode container : bucket.path("containers").path("buckets")) {
        bytes += container.path("average").path("value").asDouble();
      }
      values.put(bucket.path("key").asText(), bytes);
    }
    return values;
  }

  private JsonNode containerBuckets(String namespace, String pod, LabelSelector selector, String series,
      ObjectNode containerAggs) {
    ObjectNode body = request(namespace, pod, selector);
    body.withObject("/query/bool").withArray("filter").addObject().putObject("term").put("metric.name", series);
    ObjectNode containers = body.withObject("/aggs/pods").putObject("aggs").putObject("containers");
    containers.putObject("terms").put("field", "kubernetes.container.name").put("size", MAX_CONTAINERS);
    containers.set("aggs", containerAggs);
    return podBuckets(namespace, metricIndex, body);
  }

  private JsonNode podBuckets(String namespace, String index, ObjectNode body) {
    try {
      return indexer.search(NamespaceScope.only(Set.of(namespace)), index, body).path("aggregations").path("pods").path("buckets");
    } catch (ApiException e) {
      if (e.status() == 404) {
        return JSON.createArrayNode();
      }
      throw new KubeApiException(503, "ServiceUnavailable", "the indexer cannot answer: " + e.getMessage());
    }
  }

  /** Documents of the last minute in the namespace, of the pod or of the pods the selector matches, by pod. */
  private static ObjectNode request(String namespace, String pod, LabelSelector selector) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode bool = body.putObject("query").putObject("bool");
    ObjectNode range = bool.withArray("filter").addObject().putObject("range").putObject("@timestamp");
    range.put("gte", "now-" + WINDOW_SECONDS + "s");
    range.put("lte", "now");
    if (!pod.equals("*")) {
      bool.withArray("filter").addObject().putObject("term").put("kubernetes.pod.name", pod);
    }
    selector.addTo(bool, "kubernetes.labels.");
    body.putObject("aggs").putObject("pods").putObject("terms").put("field", "kubernetes.pod.name").put("size", MAX_PODS);
    return body;
  }
}
