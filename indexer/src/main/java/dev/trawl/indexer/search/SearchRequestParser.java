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
      "track_total_hits", "_source", "aggs", "aggregations", "fields", "docvalue_fields", "stored_fields",
      "highlight", "timeout", "terminate_after", "version", "script_fields", "runtime_mappings");
  /** Parameters that change nothing in the answer of a single-node store. */
  private static final Set<String> NEUTRAL_PARAMS = Set.of("pretty", "ignore_unavailable", "allow_no_indices",
      "expand_wildcards", "preference", "error_trace", "human", "request_cache", "ignore_throttled",
      "ccs_minimize_roundtrips", "batched_reduce_size", "max_concurrent_shard_requests", "pre_filter_shard_size",
      "search_type", "allow_partial_search_results");
  private static final Set<String> PARAMS = Set.of("q", "from", "size", "sort", "track_total_hits", "_source",
      "df", "default_operator", "rest_total_hits_as_int", "typed_keys", "timeout", "terminate_after",
      "stored_fields", "docvalue_fields", "version");

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
    for (String scripted : List.of("script_fields", "runtime_mappings")) {
      if (root.has(scripted) && !(root.get(scripted).isObject() && root.get(scripted).isEmpty())) {
        throw EsException.illegalArgument("[" + scripted + "] is not supported: Trawl runs no scripts");
      }
    }
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
    JsonNode storedFields = params.containsKey("stored_fields") ? JSON.getNodeFactory().textNode(params.get("stored_fields"))
        : root.get("stored_fields");
    JsonNode sourceOption = params.containsKey("_source") ? JSON.getNodeFactory().textNode(params.get("_source")) : root.get("_source");
    // as in Elasticsearch, naming stored fields turns _source off unless it is asked for too
    SourceFilter source = sourceOption == null && storedFields != null ? SourceFilter.NONE : source(sourceOption);
    List<HitFields.Request> fields = new ArrayList<>();
    // Elasticsearch fetches doc values first, then fields, so a field both ask for is printed as fields says
    fieldRequests(params.containsKey("docvalue_fields") ? JSON.getNodeFactory().textNode(params.get("docvalue_fields"))
        : root.get("docvalue_fields"), true, fields);
    fieldRequests(root.get("fields"), false, fields);
    JsonNode timeout = params.containsKey("timeout") ? JSON.getNodeFactory().textNode(params.get("timeout")) : root.get("timeout");
    int terminateAfter = intValue(params.getOrDefault("terminate_after", root.path("terminate_after").asText("0")), "terminate_after");
    if (terminateAfter < 0) {
      throw EsException.illegalArgument("terminateAfter must be > 0");
    }
    return new SearchRequest(query, from, size, sort, searchAfter,
        trackTotalHits(params.containsKey("track_total_hits") ? JSON.getNodeFactory().textNode(params.get("track_total_hits"))
            : root.get("track_total_hits")),
        source, "true".equals(params.get("rest_total_hits_as_int")),
        root.has("aggs") ? root.get("aggs") : root.get("aggregations"),
        "true".equals(params.get("typed_keys")), new HitFields(fields), HitHighlighter.parse(root.get("highlight")),
        timeout == null ? 0 : timeoutMillis(timeout.asText()), terminateAfter,
        "true".equals(params.getOrDefault("version", root.path("version").asText("false"))));
  }

  /** {@code fields} and {@code docvalue_fields}: names or patterns, as strings or {@code {"field": …, "format": …}}. */
  private static void fieldRequests(JsonNode list, boolean docValues, List<HitFields.Request> out) {
    if (list == null || list.isNull()) {
      return;
    }
    String option = docValues ? "docvalue_fields" : "fields";
    if (list.isTextual()) {
      for (String name : list.asText().split(",")) {
        out.add(new HitFields.Request(name.trim(), null, false, docValues));
      }
      return;
    }
    if (!list.isArray()) {
      throw EsException.parsing("[" + option + "] must be an array of field names or {\"field\": …} objects");
    }
    for (JsonNode f : list) {
      if (f.isTextual()) {
        out.add(new HitFields.Request(f.asText(), null, false, docValues));
      } else if (f.isObject() && f.hasNonNull("field")) {
        f.fieldNames().forEachRemaining(k -> {
          if (!k.equals("field") && !k.equals("format") && !(k.equals("include_unmapped") && !docValues)) {
            throw EsException.parsing("[" + option + "] entry option [" + k + "] is not supported");
          }
        });
        String format = f.hasNonNull("format") ? f.get("format").asText() : null;
        if (format != null && !format.equals("use_field_mapping")) {
          DateFormat.of(format, null);
        }
        out.add(new HitFields.Request(f.get("field").asText(), "use_field_mapping".equals(format) ? null : format,
            f.path("include_unmapped").asBoolean(false), docValues));
      } else {
        throw EsException.parsing("[" + option + "] entries must be a field name or an object with [field]");
      }
    }
  }

  /** An Elasticsearch time value ({@code 500ms}, {@code 10s}, {@code 1m}); -1 means no limit. */
  private static long timeoutMillis(String text) {
    if (text.equals("-1")) {
      return 0;
    }
    long millis = TimeValue.millis(text);
    if (millis < 0) {
      throw EsException.parsing("failed to parse setting [timeout] with value [" + text
          + "] as a time value: unit is missing or unrecognized");
    }
    return Math.max(1, millis);
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
      } else if (s.isObject() && !s.isEmpty()) {
        // several keys in one object are several sort keys, in order (as Grafana sends @timestamp then _doc)
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) s::fields) {
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
