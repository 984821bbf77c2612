package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code GET /api/search?q=<Lucene query>&from=<ISO time or now-15m>&to=<…>&size=<n>}: the newest
 * matching log lines in the range, answered as
 * {@code {"total": n, "hits": [{"_id": …, "_source": {…}}, …]}}.
 */
public final class SearchApi {
  static final int DEFAULT_SIZE = 100;
  static final int MAX_SIZE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public SearchApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode search(Map<String, String> params) {
    String q = params.getOrDefault("q", "").trim();
    String from = params.getOrDefault("from", "now-15m").trim();
    String to = params.getOrDefault("to", "now").trim();
    int size = size(params.get("size"), DEFAULT_SIZE, MAX_SIZE);
    JsonNode answer = indexer.search(index, request(q, from, to, size));
    ObjectNode out = JSON.createObjectNode();
    JsonNode total = answer.path("hits").path("total");
    out.put("total", total.isNumber() ? total.asLong() : total.path("value").asLong());
    ArrayNode hits = out.putArray("hits");
    for (JsonNode hit : answer.path("hits").path("hits")) {
      ObjectNode h = hits.addObject();
      h.put("_id", hit.path("_id").asText());
      h.put("_index", hit.path("_index").asText());
      h.set("_source", hit.path("_source"));
    }
    return out;
  }

  static ObjectNode request(String q, String from, String to, int size) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode bool = body.putObject("query").putObject("bool");
    ObjectNode range = bool.putArray("filter").addObject().putObject("range").putObject("@timestamp");
    range.put("gte", from);
    range.put("lte", to);
    if (!q.isEmpty()) {
      ObjectNode qs = bool.putArray("must").addObject().putObject("query_string");
      qs.put("query", q);
      qs.put("default_operator", "AND");
    }
    body.putArray("sort").addObject().putObject("@timestamp").put("order", "desc");
    body.put("size", size);
    body.put("track_total_hits", true);
    return body;
  }

  /** The {@code size} parameter, or the default; outside 0..max it is a 400 naming the value. */
  static int size(String text, int defaultSize, int max) {
    if (text == null || text.isBlank()) {
      return defaultSize;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, "size must be a whole number from 0 to " + max + " but was '" + text + "'");
  }
}
