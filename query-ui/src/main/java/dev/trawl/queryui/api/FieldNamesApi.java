package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/fieldnames}: the searchable fields of the log index with their types, for the
 * query bar's completion, as {@code {"fields": [{"name": …, "type": …}]}} sorted by name; read from
 * {@code _field_caps}, so it lists what an OpenSearch cluster holds too. Metadata fields
 * ({@code _id}, {@code _index}, …) are left out. {@code _field_caps} spans every namespace, and a
 * field's name can itself be a secret (a JSON key in a forbidden namespace's logs), so a caller
 * limited to some namespaces gets only the names found in the newest {@value #SAMPLE} lines of those.
 */
public final class FieldNamesApi {
  static final int SAMPLE = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;

  public FieldNamesApi(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  public ObjectNode fieldNames(NamespaceScope scope) {
    Set<String> visible = scope.unrestricted() ? null : namesIn(newest(scope));
    Map<String, String> types = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = indexer.fieldCaps(index).path("fields").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      Iterator<String> typeNames = f.getValue().fieldNames();
      if (f.getKey().startsWith("_") || !typeNames.hasNext() || visible != null && !visible.contains(f.getKey())) {
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

  private JsonNode newest(NamespaceScope scope) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", SAMPLE);
    body.putArray("sort").addObject().putObject("@timestamp").put("order", "desc");
    try {
      return indexer.search(scope, index, body).path("hits").path("hits");
    } catch (ApiException e) {
      if (e.status() == 404) {
        return JSON.createArrayNode();
      }
      throw e;
    }
  }

  /** Dotted paths of every value in the hits' sources, as the mapping names their fields. */
  private static Set<String> namesIn(JsonNode hits) {
    Set<String> names = new HashSet<>();
    hits.forEach(hit -> collect(hit.path("_source"), "", names));
    return names;
  }

  private static void collect(JsonNode node, String path, Set<String> names) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), names));
    } else if (node.isArray()) {
      node.forEach(element -> collect(element, path, names));
    } else if (!path.isEmpty()) {
      names.add(path);
    }
  }
}
