package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.indexer.api.EsException;
import dev.trawl.indexer.store.FieldKind;
import dev.trawl.indexer.store.Timestamps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A hit's {@code fields}, as the {@code fields} and {@code docvalue_fields} options ask: the
 * mapped fields whose names match a pattern, each as an array of values typed by the mapping (dates
 * printed in the requested format). Values come from {@code _source}; {@code docvalue_fields} sorts
 * them and drops repeats, as doc values hold them, and refuses analysed text, which has none.
 */
public final class HitFields {
  /** One requested pattern ({@code kubernetes.*}), its date format, and whether unmapped fields count. */
  public record Request(String pattern, String format, boolean includeUnmapped, boolean docValues) {}

  private final List<Request> requests;
  private final List<Pattern> patterns;
  private final List<DateFormat> dateFormats;

  public HitFields(List<Request> requests) {
    this.requests = requests;
    this.patterns = requests.stream().map(r -> SourceFilter.glob(r.pattern())).toList();
    this.dateFormats = requests.stream().map(r -> r.format() == null ? DateFormat.DEFAULT : DateFormat.of(r.format(), null)).toList();
  }

  public boolean isEmpty() {
    return requests.isEmpty();
  }

  /** Checks the requests against the searched fields: doc values of analysed text do not exist. */
  public void validate(FieldKinds kinds) {
    for (Request r : requests) {
      if (r.docValues() && !r.pattern().contains("*") && kinds.known(r.pattern()) && kinds.of(r.pattern()) == FieldKind.TEXT) {
        throw EsException.illegalArgument("Can't load fielddata on [" + r.pattern() + "] because fielddata is unsupported on fields "
            + "of type [text]. Use a field of type keyword instead.");
      }
    }
  }

  /**
   * A hit's fields by name, each with its values (a later request for a field wins); empty when none
   * match.
   *
   * @param leaves the hit's {@code _source} as {@link #leaves}
   */
  public Map<String, List<Object>> collect(Map<String, List<JsonNode>> leaves, FieldKinds kinds) {
    Map<String, List<Object>> values = new TreeMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      Pattern p = patterns.get(i);
      for (Map.Entry<String, List<JsonNode>> leaf : leaves.entrySet()) {
        String name = leaf.getKey();
        boolean mapped = kinds.known(name);
        if (!p.matcher(name).matches() || (!mapped && !r.includeUnmapped())
            || (r.docValues() && kinds.of(name) == FieldKind.TEXT)) {
          continue;
        }
        List<Object> typed = typed(leaf.getValue(), mapped ? kinds.of(name) : null, r.docValues(), dateFormats.get(i));
        if (!typed.isEmpty()) {
          values.put(name, typed);
        }
      }
    }
    return values;
  }

  /** Every leaf of a document by its dotted path, arrays flattened into their values. */
  public static Map<String, List<JsonNode>> leaves(JsonNode source) {
    Map<String, List<JsonNode>> leaves = new TreeMap<>();
    flatten(source, "", leaves);
    return leaves;
  }

  private static List<Object> typed(List<JsonNode> raw, FieldKind kind, boolean docValues, DateFormat dates) {
    List<Object> out = new ArrayList<>();
    for (JsonNode v : raw) {
      try {
        out.add(kind == null ? plain(v) : switch (kind) {
          case DATE -> dates.print(
              v.isNumber() ? Timestamps.millisToNanos(v.asLong()) : Timestamps.parseNanos(v.asText()));
          case LONG -> v.isNumber() ? (Object) v.asLong() : (Object) Long.parseLong(v.asText().trim());
          case DOUBLE -> v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().trim());
          case KEYWORD, TEXT -> v.asText();
        });
      } catch (RuntimeException malformed) {
        // a value that conflicted with its field's type was kept in _source only, as in the index
      }
    }
    return docValues ? new ArrayList<>(new TreeSet<>(out)) : out;
  }

  private static Object plain(JsonNode v) {
    return v.isNumber() ? v.numberValue() : v.isBoolean() ? (Object) v.asBoolean() : v.asText();
  }

  private static void flatten(JsonNode node, String prefix, Map<String, List<JsonNode>> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
      }
    } else if (node.isArray()) {
      node.forEach(v -> flatten(v, prefix, out));
    } else if (!node.isNull()) {
      out.computeIfAbsent(prefix, k -> new ArrayList<>()).add(node);
    }
  }
}
