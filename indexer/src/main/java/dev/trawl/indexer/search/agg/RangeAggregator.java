package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;

/**
 * {@code range} on a number: a bucket per range, {@code from} inclusive and {@code to} exclusive,
 * ordered by from then to as Elasticsearch orders them; a value may fall in several ranges.
 */
final class RangeAggregator implements Aggregator {
  /** One requested range; null bounds are open. */
  record Range(String key, Double from, Double to) {
    boolean contains(double v) {
      return (from == null || v >= from) && (to == null || v < to);
    }

    String displayKey() {
      return key != null ? key : (from == null ? "*" : from.toString()) + "-" + (to == null ? "*" : to.toString());
    }
  }

  private final FieldValues values;
  private final List<Range> ranges;
  private final boolean keyed;
  private final SubAggregations[] buckets;

  RangeAggregator(FieldValues values, List<Range> ranges, boolean keyed, List<AggregatorFactory> subs, BucketBudget budget) {
    this.values = values;
    this.ranges = ranges;
    this.keyed = keyed;
    budget.take(ranges.size());
    this.buckets = new SubAggregations[ranges.size()];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new SubAggregations(subs, budget);
    }
  }

  @Override
  public void collect(LeafReaderContext leaf, int doc) throws IOException {
    values.load(leaf, doc);
    for (int r = 0; r < ranges.size(); r++) {
      for (int i = 0; i < values.count(); i++) {
        if (ranges.get(r).contains(values.number(i))) {
          buckets[r].collect(leaf, doc);
          break;
        }
      }
    }
  }

  @Override
  public void render(JsonGenerator out) throws IOException {
    out.writeStartObject();
    KeyedContainer.start(out, "buckets", keyed);
    for (int r = 0; r < ranges.size(); r++) {
      Range range = ranges.get(r);
      KeyedContainer.entry(out, range.displayKey(), keyed);
      if (!keyed) {
        out.writeStringField("key", range.displayKey());
      }
      if (range.from() != null) {
        out.writeNumberField("from", range.from());
      }
      if (range.to() != null) {
        out.writeNumberField("to", range.to());
      }
      buckets[r].render(out);
      out.writeEndObject();
    }
    KeyedContainer.end(out, keyed);
    out.writeEndObject();
  }
}
