package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/histogram?q=…&from=…&to=…&interval=30s}: hits over time in fixed buckets, each
 * split by {@code log.level}, as {@code {"interval": "30s", "buckets": [{"key": epochMillis,
 * "count": n, "levels": {"error": n, …}}]}}; empty buckets included so the chart has no holes.
 */
public final class HistogramApi {
  private static final Pattern INTERVAL = Pattern.compile("[1-9]\\d{0,4}(ms|s|m|h|d)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public HistogramApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode histogram(NamespaceScope scope, Map<String, String> params) {
    String interval = params.getOrDefault("interval", "1m").trim();
    if (!INTERVAL.matcher(interval).matches()) {
      throw new ApiException(400, "interval must be a number and a unit (ms, s, m, h, d) such as 30s, but was '" + interval + "'");
    }
    String from = params.getOrDefault("from", "now-15m").trim();
    String to = params.getOrDefault("to", "now").trim();
    ObjectNode body = SearchApi.request(params, 0);
    body.remove("sort");
    ObjectNode overTime = body.putObject("aggs").putObject("over_time");
    ObjectNode histogram = overTime.putObject("date_histogram");
    histogram.put("field", "@timestamp");
    histogram.put("fixed_interval", interval);
    histogram.put("min_doc_count", 0);
    histogram.putObject("extended_bounds").put("min", from).put("max", to);
    overTime.putObject("aggs").putObject("levels").putObject("terms")
        .put("field", "log.level").put("size", 10).put("missing", "none");
    JsonNode answer = indexer.search(scope, index, body);
    ObjectNode out = JSON.createObjectNode();
    out.put("interval", interval);
    out.put("total", answer.path("hits").path("total").path("value").asLong(answer.path("hits").path("total").asLong()));
    ArrayNode buckets = out.putArray("buckets");
    for (JsonNode b : answer.path("aggregations").path("over_time").path("buckets")) {
      ObjectNode bucket = buckets.addObject();
      bucket.put("key", b.path("key").asLong());
      bucket.put("count", b.path("doc_count").asLong());
      ObjectNode levels = bucket.putObject("levels");
      for (JsonNode level : b.path("levels").path("buckets")) {
        levels.put(level.path("key").asText(), level.path("doc_count").asLong());
      }
    }
    return out;
  }
}
