package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/context?id=…&size=n}: the lines just before and after one line in the same
 * container, oldest first, as {@code {"hit": {…}, "before": […], "after": […]}}. Neighbours share
 * the line's namespace, pod and container, and are ordered by {@code @timestamp}, then
 * {@code log.offset}.
 */
public final class ContextApi {
  static final int DEFAULT_SIZE = 10;
  static final int MAX_SIZE = 100;
  private static final List<String> SAME = List.of("kubernetes.namespace", "kubernetes.pod.name", "kubernetes.container.name");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public ContextApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode context(NamespaceScope scope, Map<String, String> params) {
    String id = params.getOrDefault("id", "").trim();
    if (id.isEmpty()) {
      throw new ApiException(400, "id is required: the _id of the line whose neighbours to show");
    }
    int size = SearchApi.size(params.get("size"), DEFAULT_SIZE, MAX_SIZE);
    ObjectNode byId = JSON.createObjectNode();
    byId.putObject("query").putObject("ids").putArray("values").add(id);
    JsonNode hits = indexer.search(scope, index, byId).path("hits").path("hits");
    if (hits.isEmpty()) {
      throw new ApiException(404, "no log line with _id '" + id + "'");
    }
    JsonNode hit = hits.get(0);
    JsonNode source = hit.path("_source");
    String timestamp = source.path("@timestamp").asText();
    ObjectNode out = JSON.createObjectNode();
    out.set("hit", hit);
    out.set("before", reversed(neighbours(scope, source, id, timestamp, "lte", "desc", size)));
    out.set("after", neighbours(scope, source, id, timestamp, "gte", "asc", size));
    return out;
  }

  private ArrayNode neighbours(NamespaceScope scope, JsonNode source, String id, String timestamp, String bound, String order, int size) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode bool = body.putObject("query").putObject("bool");
    ArrayNode filter = bool.putArray("filter");
    for (String field : SAME) {
      JsonNode value = source.at("/" + field.replace('.', '/'));
      if (value.isValueNode()) {
        filter.addObject().putObject("term").put(field, value.asText());
      }
    }
    filter.addObject().putObject("range").putObject("@timestamp").put(bound, timestamp);
    bool.putArray("must_not").addObject().putObject("ids").putArray("values").add(id);
    ArrayNode sort = body.putArray("sort");
    sort.addObject().putObject("@timestamp").put("order", order);
    sort.addObject().putObject("log.offset").put("order", order).put("unmapped_type", "long");
    body.put("size", size);
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode h : indexer.search(scope, index, body).path("hits").path("hits")) {
      ObjectNode line = out.addObject();
      line.put("_id", h.path("_id").asText());
      line.set("_source", h.path("_source"));
    }
    return out;
  }

  private static ArrayNode reversed(ArrayNode nodes) {
    List<JsonNode> items = new ArrayList<>();
    nodes.forEach(items::add);
    ArrayNode out = JSON.createArrayNode();
    for (int i = items.size() - 1; i >= 0; i--) {
      out.add(items.get(i));
    }
    return out;
  }
}
