package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code GET /api/search?q=<Lucene query>&from=<ISO time or now-15m>&to=<…>&size=<n>&filters=<pills>}: the newest
 * matching log lines in the range, answered as
 * {@code {"total": n, "hits": [{"_id": …, "_source": {…}, "sort": […]}, …]}}; {@code after=<a hit's
 * sort values>} continues after that hit ({@code search_after}), for endless scrolling. Sort values
 * are strings: nanosecond timestamps exceed the integers JavaScript holds exactly. A hit whose
 * message matched the query's words has {@code message_parts}: the message cut into plain and
 * matched pieces, alternating, from the engine's highlighter.
 */
public final class SearchApi {
  static final int DEFAULT_SIZE = 100;
  static final int MAX_SIZE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Private-use characters around the matches: log lines do not hold them. */
  private static final String MATCH_START = "\uE000";
  private static final String MATCH_END = "\uE001";
  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d{1,20}");

  private final IndexerClient indexer;
  private final String index;

  public SearchApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode search(NamespaceScope scope, Map<String, String> params) {
    ObjectNode request = request(params, size(params.get("size"), DEFAULT_SIZE, MAX_SIZE));
    String after = params.get("after");
    if (after != null && !after.isBlank()) {
      request.set("search_after", after(after));
    }
    return hits(scope, request);
  }

  /** Runs a search with the message highlighted and answers {@code {"total", "hits"}} in the page's shape. */
  ObjectNode hits(NamespaceScope scope, ObjectNode request) {
    ObjectNode highlight = request.putObject("highlight");
    highlight.putArray("pre_tags").add(MATCH_START);
    highlight.putArray("post_tags").add(MATCH_END);
    highlight.putObject("fields").putObject("message").put("number_of_fragments", 0);
    JsonNode answer = indexer.search(scope, index, request);
    ObjectNode out = JSON.createObjectNode();
    JsonNode total = answer.path("hits").path("total");
    out.put("total", total.isNumber() ? total.asLong() : total.path("value").asLong());
    ArrayNode hits = out.putArray("hits");
    for (JsonNode hit : answer.path("hits").path("hits")) {
      ObjectNode h = hits.addObject();
      h.put("_id", hit.path("_id").asText());
      h.put("_index", hit.path("_index").asText());
      h.set("_source", hit.path("_source"));
      JsonNode marked = hit.path("highlight").path("message").path(0);
      if (marked.isTextual()) {
        h.set("message_parts", parts(marked.asText()));
      }
      ArrayNode sort = h.putArray("sort");
      // nanosecond timestamps exceed JavaScript's exact integers: the browser gets them as text
      hit.path("sort").forEach(v -> sort.add(v.asText()));
    }
    return out;
  }

  /**
   * A highlighted message as alternating pieces, plain then matched: the browser marks the odd ones
   * and sets every piece as text, so a tag-like string in a log line is never markup.
   */
  static ArrayNode parts(String marked) {
    ArrayNode parts = JSON.createArrayNode();
    int at = 0;
    while (true) {
      int start = marked.indexOf(MATCH_START, at);
      int end = start < 0 ? -1 : marked.indexOf(MATCH_END, start + MATCH_START.length());
      if (end < 0) {
        parts.add(marked.substring(at));
        return parts;
      }
      parts.add(marked.substring(at, start));
      parts.add(marked.substring(start + MATCH_START.length(), end));
      at = end + MATCH_END.length();
    }
  }

  /** The sort values back as the engine gave them: integers as numbers (OpenSearch reads a string as a date). */
  private static JsonNode after(String text) {
    try {
      JsonNode values = JSON.readTree(text);
      if (values != null && values.isArray() && values.size() == 2) {
        ArrayNode typed = JSON.createArrayNode();
        values.forEach(v -> typed.add(v.isTextual() && INTEGER.matcher(v.asText()).matches()
            ? JSON.getNodeFactory().numberNode(new java.math.BigInteger(v.asText())) : v));
        return typed;
      }
    } catch (java.io.IOException e) {
      // reported below
    }
    throw new ApiException(400, "after must be the two sort values of a hit, such as [\"1795435200000000000\",\"4096\"], but was '" + text + "'");
  }

  /** The search the page's parameters describe: {@code q}, {@code from}, {@code to} and the filter pills. */
  static ObjectNode request(Map<String, String> params, int size) {
    ObjectNode body = request(params.getOrDefault("q", "").trim(), params.getOrDefault("from", "now-15m").trim(),
        params.getOrDefault("to", "now").trim(), size);
    FilterPills.apply(FilterPills.parse(params.get("filters")), (ObjectNode) body.path("query").path("bool"));
    return body;
  }

  /** A search of the range, newest first; {@code q} in Lucene syntax, its terms ANDed, empty for all. */
  public static ObjectNode request(String q, String from, String to, int size) {
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
    ArrayNode sort = body.putArray("sort");
    sort.addObject().putObject("@timestamp").put("order", "desc");
    sort.addObject().putObject("log.offset").put("order", "desc").put("unmapped_type", "long");
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
