package dev.trawl.indexer.search;

import dev.trawl.indexer.store.FieldKind;
import dev.trawl.indexer.store.Partition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The kinds of fields across the partitions a search reads; the first partition's kind wins. */
public final class FieldKinds {
  private final Map<String, FieldKind> kinds = new HashMap<>();

  public FieldKinds(List<Partition> partitions) {
    for (Partition p : partitions) {
      p.mapping().fields().forEach(kinds::putIfAbsent);
    }
  }

  /** True when some searched partition has the field. */
  public boolean known(String field) {
    return kinds.containsKey(field);
  }

  /** The kind an Elasticsearch {@code unmapped_type} names, or null when it is not one Trawl sorts by. */
  public static FieldKind ofType(String esType) {
    return switch (esType) {
      case "long", "integer", "short", "byte", "date", "date_nanos" -> FieldKind.LONG;
      case "double", "float", "half_float", "scaled_float" -> FieldKind.DOUBLE;
      case "keyword", "boolean" -> FieldKind.KEYWORD;
      default -> null;
    };
  }

  /** The field's kind; a field no partition has seen is treated as a keyword (it matches nothing). */
  public FieldKind of(String field) {
    return kinds.getOrDefault(field, field.equals("@timestamp") ? FieldKind.DATE
        : field.equals("message") ? FieldKind.TEXT : FieldKind.KEYWORD);
  }
}
