package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;

/** A bucket per distinct value of a keyword or numeric field; the largest {@code size} buckets are shown. */
final class TermsAggregator implements Aggregator {
  /** How buckets are ordered: by count or key, either way. */
  record Order(boolean byCount, boolean descending) {}

  private final FieldValues values;
  private final int size;
  private final int minDocCount;
  private final Order order;
  private final Object missing;
  private final Buckets<Object> buckets;

  TermsAggregator(FieldValues values, int size, int minDocCount, Order order, Object missing,
      List<AggregatorFactory> subs, BucketBudget budget) {
    this.values = values;
    this.size = size;
    this.minDocCount = minDocCount;
    this.order = order;
    this.missing = missing;
    this.buckets = new Buckets<>(new HashMap<>(), subs, budget);
  }

  @Override
  public void collect(LeafReaderContext leaf, int doc) throws IOException {
    values.load(leaf, doc);
    int n = values.count();
    if (n == 0) {
      if (missing != null) {
        buckets.get(missing).collect(leaf, doc);
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      Object key = switch (values.kind()) {
        case LONG -> values.longValue(i);
        case DOUBLE -> values.number(i);
        default -> values.string(i);
      };
      buckets.get(key).collect(leaf, doc);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Override
  public void render(JsonGenerator out) throws IOException {
    List<Map.Entry<Object, SubAggregations>> sorted = new ArrayList<>(buckets.all().entrySet());
    sorted.removeIf(e -> e.getValue().docCount < minDocCount);
    Comparator<Map.Entry<Object, SubAggregations>> byKey = (a, b) -> ((Comparable) a.getKey()).compareTo(b.getKey());
    Comparator<Map.Entry<Object, SubAggregations>> cmp = order.byCount()
        ? Comparator.<Map.Entry<Object, SubAggregations>>comparingLong(e -> e.getValue().docCount)
        : byKey;
    if (order.descending()) {
      cmp = cmp.reversed();
    }
    sorted.sort(order.byCount() ? cmp.thenComparing(byKey) : cmp);
    long other = 0;
    for (int i = size; i < sorted.size(); i++) {
      other += sorted.get(i).getValue().docCount;
    }
    out.writeStartObject();
    out.writeNumberField("doc_count_error_upper_bound", 0);
    out.writeNumberField("sum_other_doc_count", other);
    out.writeArrayFieldStart("buckets");
    for (int i = 0; i < Math.min(size, sorted.size()); i++) {
      out.writeStartObject();
      Object key = sorted.get(i).getKey();
      if (key instanceof Long l) {
        out.writeNumberField("key", l);
      } else if (key instanceof Double d) {
        out.writeNumberField("key", d);
      } else {
        out.writeStringField("key", key.toString());
      }
      sorted.get(i).getValue().render(out);
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  static boolean bucketable(FieldKind kind) {
    return kind == FieldKind.KEYWORD || kind == FieldKind.LONG || kind == FieldKind.DOUBLE;
  }
}
