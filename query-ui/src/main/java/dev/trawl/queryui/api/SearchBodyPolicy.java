package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What a search body sent through the query UI's Elasticsearch-compatible endpoints may hold. The
 * namespace filter ANDed to the query bounds hits, totals and buckets; these parts would reach past
 * it, so they are refused with a 400 naming them: a {@code global} aggregation ignores the query;
 * {@code significant_terms}/{@code significant_text} compare with the whole index; {@code terms}
 * with {@code min_doc_count: 0} lists values no matching line has; a terms lookup,
 * {@code more_like_this} or {@code percolate} reads other documents by id; {@code wrapper} hides a
 * query from this check; suggesters read the whole index's terms; scripts run code.
 */
public final class SearchBodyPolicy {
  private static final Set<String> REFUSED = Set.of("global", "significant_terms", "significant_text", "suggest",
      "more_like_this", "percolate", "wrapper", "indexed_shape", "script", "scripted_metric", "script_fields",
      "runtime_mappings", "knn", "terms_set", "pinned");
  private static final int MAX_DEPTH = 64;

  private SearchBodyPolicy() {}

  /** Throws a 400 naming the first refused part of the body. */
  public static void check(JsonNode body) {
    walk(body, "", 0);
  }

  private static void walk(JsonNode node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ApiException(400, "the search body nests deeper than " + MAX_DEPTH + " levels at " + path);
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        walk(element, path, depth + 1);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
      if (REFUSED.contains(f.getKey())) {
        throw new ApiException(400, "[" + f.getKey() + "] at " + at + " is not allowed here: it would read past the "
            + "namespaces you may see");
      }
      if (f.getKey().equals("terms") && f.getValue().isObject()) {
        checkTerms(f.getValue(), at);
      }
      walk(f.getValue(), at, depth + 1);
    }
  }

  private static void checkTerms(JsonNode terms, String at) {
    if (terms.path("min_doc_count").isNumber() && terms.path("min_doc_count").asLong() < 1) {
      throw new ApiException(400, "[terms] min_doc_count below 1 at " + at + " is not allowed here: it lists values "
          + "from namespaces you may not see");
    }
    terms.fields().forEachRemaining(f -> {
      if (f.getValue().isObject() && (f.getValue().has("index") || f.getValue().has("id"))) {
        throw new ApiException(400, "a terms lookup at " + at + "." + f.getKey() + " is not allowed here: it reads "
            + "another document");
      }
    });
  }
}
