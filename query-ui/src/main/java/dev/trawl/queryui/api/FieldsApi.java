package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/fields?q=…&from=…&to=…}: the top values of the record's main fields among the
 * matching lines, for the sidebar, as {@code {"total": n, "fields": [{"field": …, "values":
 * [{"value": …, "count": n}]}]}}; one search with a {@code terms} aggregation per field.
 */
public final class FieldsApi {
  static final List<String> FIELDS = List.of("kubernetes.namespace", "kubernetes.pod.name", "kubernetes.container.name",
      "log.level", "stream", "kubernetes.node.name");
  private static final int TOP = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public FieldsApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode fields(NamespaceScope scope, Map<String, String> params) {
    ObjectNode body = SearchApi.request(params, 0);
    body.remove("sort");
    ObjectNode aggs = body.putObject("aggs");
    for (int i = 0; i < FIELDS.size(); i++) {
      aggs.putObject("f" + i).putObject("terms").put("field", FIELDS.get(i)).put("size", TOP);
    }
    JsonNode answer = indexer.search(scope, index, body);
    ObjectNode out = JSON.createObjectNode();
    out.put("total", answer.path("hits").path("total").path("value").asLong(answer.path("hits").path("total").asLong()));
    ArrayNode fields = out.putArray("fields");
    for (int i = 0; i < FIELDS.size(); i++) {
      JsonNode buckets = answer.path("aggregations").path("f" + i).path("buckets");
      if (buckets.isEmpty()) {
        continue;
      }
      ObjectNode field = fields.addObject();
      field.put("field", FIELDS.get(i));
      ArrayNode values = field.putArray("values");
      buckets.forEach(b -> values.addObject().put("value", b.path("key").asText()).put("count", b.path("doc_count").asLong()));
    }
    return out;
  }
}
