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

  /** The field's kind; a field no partition has seen is treated as a keyword (it matches nothing). */
  public FieldKind of(String field) {
    return kinds.getOrDefault(field, field.equals("@timestamp") ? FieldKind.DATE
        : field.equals("message") ? FieldKind.TEXT : FieldKind.KEYWORD);
  }
}
