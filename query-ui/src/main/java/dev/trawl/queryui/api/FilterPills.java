package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's filter pills, {@code filters=[{"field": …, "value": …, "negate": …}]}: each an exact
 * value the matches must have (or, negated, must not), added as {@code term} clauses beside the
 * query so that a value never needs quoting into Lucene syntax.
 */
final class FilterPills {
  static final int MAX_PILLS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Pill(String field, String value, boolean negate) {}

  private FilterPills() {}

  /** @throws ApiException 400 naming what is wrong with the parameter */
  static List<Pill> parse(String text) {
    List<Pill> pills = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return pills;
    }
    JsonNode list;
    try {
      list = JSON.readTree(text);
    } catch (IOException e) {
      throw invalid(text);
    }
    if (list == null || !list.isArray() || list.size() > MAX_PILLS) {
      throw invalid(text);
    }
    for (JsonNode pill : list) {
      if (!pill.path("field").isTextual() || pill.path("field").asText().isBlank() || !pill.path("value").isValueNode()
          || pill.path("value").isNull()) {
        throw invalid(text);
      }
      pills.add(new Pill(pill.get("field").asText(), pill.get("value").asText(), pill.path("negate").asBoolean(false)));
    }
    return pills;
  }

  private static ApiException invalid(String text) {
    return new ApiException(400, "filters must be a JSON array of at most " + MAX_PILLS
        + " {\"field\": …, \"value\": …, \"negate\": true|false} objects, but was '" + text + "'");
  }

  /** Adds the pills to a {@code bool} query: wanted values as filters, negated ones as must_not. */
  static void apply(List<Pill> pills, ObjectNode bool) {
    for (Pill pill : pills) {
      String occur = pill.negate() ? "must_not" : "filter";
      ArrayNode clauses = bool.has(occur) ? (ArrayNode) bool.get(occur) : bool.putArray(occur);
      clauses.addObject().putObject("term").put(pill.field(), pill.value());
    }
  }
}
