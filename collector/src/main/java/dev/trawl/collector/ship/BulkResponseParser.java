package dev.trawl.collector.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the per-item results of an Elasticsearch {@code _bulk} response, in request order. */
public final class BulkResponseParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BulkResponseParser() {}

  /**
   * @throws IOException when the body is not a bulk response or its item count does not match
   */
  public static List<BulkItemResult> parse(byte[] body, int expectedItems) throws IOException {
    JsonNode root = JSON.readTree(body);
    JsonNode items = root == null ? null : root.get("items");
    if (items == null || !items.isArray()) {
      throw new IOException("bulk response has no items array");
    }
    if (items.size() != expectedItems) {
      throw new IOException("bulk response has " + items.size() + " items for " + expectedItems + " actions");
    }
    List<BulkItemResult> results = new ArrayList<>(expectedItems);
    for (JsonNode item : items) {
      JsonNode result = item.elements().hasNext() ? item.elements().next() : null;
      if (result == null || !result.has("status")) {
        throw new IOException("bulk response item without a status: " + item);
      }
      JsonNode error = result.get("error");
      String text = null;
      if (error != null && !error.isNull()) {
        text = error.isObject() ? error.path("type").asText() + ": " + error.path("reason").asText() : error.asText();
      }
      results.add(new BulkItemResult(result.get("status").asInt(), text));
    }
    return results;
  }
}
