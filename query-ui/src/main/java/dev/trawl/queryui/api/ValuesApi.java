package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/values?field=…&from=…&to=…&filters=…}: the values one keyword field takes in the
 * range, most frequent first (at most {@value #MAX_VALUES}), for the namespace, pod and container
 * pickers, as {@code {"field": …, "values": [{"value": …, "count": n}]}}. The query text is left
 * out on purpose: a picker lists what exists, and the filter pills narrow it (the pod picker lists
 * the pods of the chosen namespace).
 */
public final class ValuesApi {
  static final int MAX_VALUES = 500;
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_@][A-Za-z0-9_@.\\-]{0,199}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public ValuesApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode values(NamespaceScope scope, Map<String, String> params) {
    String field = params.getOrDefault("field", "");
    if (!FIELD.matcher(field).matches()) {
      throw new ApiException(400, "field must name a keyword field, such as kubernetes.namespace, but was '" + field + "'");
    }
    Map<String, String> withoutQuery = new HashMap<>(params);
    withoutQuery.remove("q");
    ObjectNode body = SearchApi.request(withoutQuery, 0);
    body.remove("sort");
    body.put("track_total_hits", false);
    body.putObject("aggs").putObject("values").putObject("terms").put("field", field).put("size", MAX_VALUES);
    JsonNode buckets = indexer.search(scope, index, body).path("aggregations").path("values").path("buckets");
    ObjectNode out = JSON.createObjectNode();
    out.put("field", field);
    ArrayNode values = out.putArray("values");
    buckets.forEach(b -> values.addObject().put("value", b.path("key").asText()).put("count", b.path("doc_count").asLong()));
    return out;
  }
}
