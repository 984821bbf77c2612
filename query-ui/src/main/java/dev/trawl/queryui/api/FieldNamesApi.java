package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/fieldnames}: the searchable fields of the log index with their types, for the
 * query bar's completion, as {@code {"fields": [{"name": …, "type": …}]}} sorted by name; read from
 * {@code _field_caps}, so it lists what an OpenSearch cluster holds too. Metadata fields
 * ({@code _id}, {@code _index}, …) are left out.
 */
public final class FieldNamesApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public FieldNamesApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode fieldNames() {
    Map<String, String> types = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = indexer.fieldCaps(index).path("fields").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      Iterator<String> typeNames = f.getValue().fieldNames();
      if (f.getKey().startsWith("_") || !typeNames.hasNext()) {
        continue;
      }
      String type = typeNames.next();
      // a field mapped differently in two indices: neither type describes it
      types.put(f.getKey(), typeNames.hasNext() ? "conflict" : type);
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("fields");
    types.forEach((name, type) -> list.addObject().put("name", name).put("type", type));
    return out;
  }
}
