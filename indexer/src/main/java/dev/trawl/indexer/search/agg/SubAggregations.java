package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;

/** One bucket's document count and its own instances of the sub-aggregations. */
final class SubAggregations {
  private final List<AggregatorFactory> factories;
  private final Aggregator[] aggregators;
  long docCount;

  SubAggregations(List<AggregatorFactory> factories, BucketBudget budget) {
    this.factories = factories;
    this.aggregators = new Aggregator[factories.size()];
    for (int i = 0; i < aggregators.length; i++) {
      aggregators[i] = factories.get(i).create(budget);
    }
  }

  void collect(LeafReaderContext leaf, int doc) throws IOException {
    docCount++;
    for (Aggregator a : aggregators) {
      a.collect(leaf, doc);
    }
  }

  /** Writes {@code "doc_count": n} and each sub-aggregation as a member of the current bucket object. */
  void render(JsonGenerator out) throws IOException {
    out.writeNumberField("doc_count", docCount);
    for (int i = 0; i < aggregators.length; i++) {
      out.writeFieldName(factories.get(i).name());
      aggregators[i].render(out);
    }
  }
}
