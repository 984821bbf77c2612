package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.indexer.api.EsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code _search} body and URL parameters into a {@link SearchRequest}. Body keys and
 * parameters it does not support answer 400 naming them.
 */
public final class SearchRequestParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BODY_KEYS = Set.of("query", "from", "size", "sort", "search_after",
      "track_total_hits", "_source", "aggs", "aggregations");
  /** Parameters that change nothing in the answer of a single-node store. */
  private static final Set<String> NEUTRAL_PARAMS = Set.of("pretty", "ignore_unavailable", "allow_no_indices",
      "expand_wildcards", "preference", "error_trace", "human", "request_cache");
  private static final Set<String> PARAMS = Set.of("q", "from", "size", "sort", "track_total_hits", "_source",
      "df", "default_operator", "rest_total_hits_as_int", "typed_keys");

  private SearchRequestParser() {}

  public static SearchRequest parse(byte[] body, Map<String, String> params) {
    ObjectNode root = body == null || body.length == 0 ? JSON.createObjectNode() : readObject(body);
    for (String key : params.keySet()) {
      if (!PARAMS.contains(key) && !NEUTRAL_PARAMS.contains(key)) {
        throw EsException.illegalArgument("request contains unrecognized parameter: [" + key + "]");
      }
    }
    root.fieldNames().forEachRemaining(key -> {
      if (!BODY_KEYS.contains(key)) {
        throw EsException.parsing("Unknown key for a START_OBJECT in [" + key + "].");
      }
    });
    JsonNode query = root.get("query");
    if (params.containsKey("q")) {
      ObjectNode qs = JSON.createObjectNode();
      ObjectNode inner = qs.putObject("query_string");
      inner.put("query", params.get("q"));
      if (params.containsKey("df")) {
        inner.put("default_field", params.get("df"));
      }
      if (params.containsKey("default_operator")) {
        inner.put("default_operator", params.get("default_operator"));
      }
      query = qs;
    }
    int from = intValue(params.getOrDefault("from", root.path("from").asText("0")), "from");
    int size = intValue(params.getOrDefault("size", root.path("size").asText("10")), "size");
    if (from < 0 || size < 0) {
      throw EsException.illegalArgument("[from] and [size] must be 0 or more");
    }
    if ((long) from + size > SearchRequest.MAX_RESULT_WINDOW) {
      throw EsException.illegalArgument("Result window is too large, from + size must be less than or equal to: ["
          + SearchRequest.MAX_RESULT_WINDOW + "] but was [" + ((long) from + size) + "]. See the scroll api or use search_after.");
    }
    List<SortSpec> sort = params.containsKey("sort") ? sortParam(params.get("sort")) : sortBody(root.get("sort"));
    JsonNode searchAfter = root.get("search_after");
    if (searchAfter != null && (!searchAfter.isArray() || searchAfter.size() != sort.size() || sort.isEmpty())) {
      throw EsException.illegalArgument("search_after needs one value per sort field, and a sort");
    }
    if (searchAfter != null && from > 0) {
      throw EsException.illegalArgument("[from] parameter must be set to 0 when [search_after] is used");
    }
    return new SearchRequest(query, from, size, sort, searchAfter,
        trackTotalHits(params.containsKey("track_total_hits") ? JSON.getNodeFactory().textNode(params.get("track_total_hits"))
            : root.get("track_total_hits")),
        source(params.containsKey("_source") ? JSON.getNodeFactory().textNode(params.get("_source")) : root.get("_source")),
        "true".equals(params.get("rest_total_hits_as_int")),
        root.has("aggs") ? root.get("aggs") : root.get("aggregations"),
        "true".equals(params.get("typed_keys")));
  }

  /** Reads a request body that must be a JSON object (also used by {@code _count}). */
  public static ObjectNode readObject(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        return JSON.createObjectNode();
      }
      if (!node.isObject()) {
        throw EsException.parsing("request body must be a JSON object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      String m = e.getMessage() == null ? "malformed JSON" : e.getMessage().split("\n")[0];
      throw EsException.parsing("request body is not valid JSON: " + m);
    }
  }

  private static int intValue(String text, String name) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw EsException.illegalArgument("[" + name + "] must be a whole number but was [" + text + "]");
    }
  }

  private static List<SortSpec> sortParam(String text) {
    List<SortSpec> out = new ArrayList<>();
    for (String part : text.split(",")) {
      int colon = part.lastIndexOf(':');
      String field = colon < 0 ? part : part.substring(0, colon);
      String order = colon < 0 ? null : part.substring(colon + 1);
      out.add(spec(field, order, null));
    }
    return out;
  }

  private static List<SortSpec> sortBody(JsonNode sort) {
    List<SortSpec> out = new ArrayList<>();
    if (sort == null) {
      return out;
    }
    for (JsonNode s : sort.isArray() ? sort : JSON.createArrayNode().add(sort)) {
      if (s.isTextual()) {
        out.add(spec(s.asText(), null, null));
      } else if (s.isObject() && s.size() == 1) {
        var e = s.properties().iterator().next();
        JsonNode v = e.getValue();
        if (v.isObject()) {
          for (String key : (Iterable<String>) v::fieldNames) {
            if (!key.equals("order") && !key.equals("unmapped_type") && !key.equals("format")) {
              throw EsException.parsing("[sort] option [" + key + "] is not supported");
            }
          }
          out.add(spec(e.getKey(), v.path("order").asText(null), v.path("unmapped_type").asText(null)));
        } else {
          out.add(spec(e.getKey(), v.asText(), null));
        }
      } else {
        throw EsException.parsing("[sort] entries must be a field name or {field: order}");
      }
    }
    return out;
  }

  private static SortSpec spec(String field, String order, String unmappedType) {
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw EsException.illegalArgument("[sort] order must be asc or desc but was [" + order + "]");
    }
    boolean desc = order == null ? field.equals("_score") : order.equals("desc");
    return new SortSpec(field, desc, unmappedType);
  }

  private static int trackTotalHits(JsonNode v) {
    if (v == null || v.isNull()) {
      return SearchRequest.DEFAULT_TRACK_TOTAL_HITS;
    }
    String text = v.asText();
    if (text.equals("true")) {
      return Integer.MAX_VALUE;
    }
    if (text.equals("false")) {
      return 0;
    }
    int n = intValue(text, "track_total_hits");
    if (n < 0) {
      throw EsException.illegalArgument("[track_total_hits] must be positive, true or false but was [" + n + "]");
    }
    return n;
  }

  private static SourceFilter source(JsonNode v) {
    if (v == null || v.isNull()) {
      return SourceFilter.ALL;
    }
    if (v.isBoolean() || v.asText().equals("true") || v.asText().equals("false")) {
      return v.asText().equals("false") ? SourceFilter.NONE : SourceFilter.ALL;
    }
    if (v.isTextual()) {
      return new SourceFilter(true, List.of(v.asText().split(",")), List.of());
    }
    if (v.isArray()) {
      List<String> includes = new ArrayList<>();
      v.forEach(i -> includes.add(i.asText()));
      return new SourceFilter(true, includes, List.of());
    }
    List<String> includes = new ArrayList<>();
    List<String> excludes = new ArrayList<>();
    v.path("includes").forEach(i -> includes.add(i.asText()));
    v.path("excludes").forEach(i -> excludes.add(i.asText()));
    return new SourceFilter(true, includes, excludes);
  }
}
