package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

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
  /** Keywords without sub-aggregations are counted per segment by ordinal, and named once per segment. */
  private final boolean byOrdinal;
  private LeafReaderContext ordinalLeaf;
  private SortedSetDocValues ordinals;
  private int[] ordinalCounts;
  private long missingCount;

  TermsAggregator(FieldValues values, int size, int minDocCount, Order order, Object missing,
      List<AggregatorFactory> subs, BucketBudget budget) {
    this.values = values;
    this.size = size;
    this.minDocCount = minDocCount;
    this.order = order;
    this.missing = missing;
    this.buckets = new Buckets<>(new HashMap<>(), subs, budget);
    this.byOrdinal = values.kind() == FieldKind.KEYWORD && subs.isEmpty();
  }

  @Override
  public void collect(LeafReaderContext leaf, int doc) throws IOException {
    if (byOrdinal) {
      countOrdinals(leaf, doc);
      return;
    }
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

  private void countOrdinals(LeafReaderContext leaf, int doc) throws IOException {
    if (leaf != ordinalLeaf) {
      flushOrdinals();
      ordinalLeaf = leaf;
      ordinals = DocValues.getSortedSet(leaf.reader(), values.field());
      ordinalCounts = new int[(int) ordinals.getValueCount()];
    }
    if (ordinals.advanceExact(doc)) {
      for (int i = ordinals.docValueCount(); i > 0; i--) {
        ordinalCounts[(int) ordinals.nextOrd()]++;
      }
    } else {
      missingCount++;
    }
  }

  private void flushOrdinals() throws IOException {
    if (ordinalCounts != null) {
      for (int ord = 0; ord < ordinalCounts.length; ord++) {
        if (ordinalCounts[ord] > 0) {
          add(ordinals.lookupOrd(ord).utf8ToString(), ordinalCounts[ord]);
        }
      }
      ordinalCounts = null;
      ordinalLeaf = null;
    }
    if (missing != null && missingCount > 0) {
      add(missing, missingCount);
    }
    missingCount = 0;
  }

  private void add(Object key, long count) {
    buckets.get(key).docCount += count;
  }

  @Override
  public boolean countsWholeSegments() {
    return byOrdinal;
  }

  /** Every document of the segment, counted from the terms dictionary's document frequencies. */
  @Override
  public void collectSegment(LeafReaderContext leaf) throws IOException {
    Terms terms = leaf.reader().terms(values.field());
    int withValue = 0;
    if (terms != null) {
      TermsEnum it = terms.iterator();
      for (BytesRef term = it.next(); term != null; term = it.next()) {
        add(term.utf8ToString(), it.docFreq());
      }
      withValue = terms.getDocCount();
    }
    missingCount += leaf.reader().maxDoc() - withValue;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Override
  public void render(JsonGenerator out) throws IOException {
    flushOrdinals();
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
