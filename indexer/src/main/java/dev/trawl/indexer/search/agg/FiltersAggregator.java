package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * {@code filters}: a bucket per query, named or in request order, and optionally an "other"
 * bucket for documents that match none; {@code filter} is the single-bucket form. Each filter's matches are walked with its own iterator per
 * segment, advanced to each collected document (documents arrive in order within a segment).
 */
final class FiltersAggregator implements Aggregator {
  /**
   * What the request asked; weights are made once per search and shared by every bucket's copy.
   *
   * @param single a {@code filter} aggregation: one query, rendered as the bucket itself
   */
  record Spec(List<String> names, boolean keyed, String otherKey, Supplier<Weight[]> weights, boolean single) {}

  private final Spec spec;
  private final SubAggregations[] buckets;
  private final SubAggregations other;
  private LeafReaderContext leaf;
  private DocIdSetIterator[] iterators;

  FiltersAggregator(Spec spec, List<AggregatorFactory> subs, BucketBudget budget) {
    this.spec = spec;
    budget.take(spec.names().size() + (spec.otherKey() == null ? 0 : 1));
    this.buckets = new SubAggregations[spec.names().size()];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new SubAggregations(subs, budget);
    }
    this.other = spec.otherKey() == null ? null : new SubAggregations(subs, budget);
  }

  @Override
  public void collect(LeafReaderContext ctx, int doc) throws IOException {
    if (ctx != leaf) {
      leaf = ctx;
      Weight[] weights = spec.weights().get();
      iterators = new DocIdSetIterator[weights.length];
      for (int i = 0; i < weights.length; i++) {
        Scorer scorer = weights[i].scorer(ctx);
        iterators[i] = scorer == null ? DocIdSetIterator.empty() : scorer.iterator();
      }
    }
    boolean matched = false;
    for (int i = 0; i < iterators.length; i++) {
      DocIdSetIterator it = iterators[i];
      if (it.docID() < doc) {
        it.advance(doc);
      }
      if (it.docID() == doc) {
        buckets[i].collect(ctx, doc);
        matched = true;
      }
    }
    if (!matched && other != null) {
      other.collect(ctx, doc);
    }
  }

  @Override
  public void render(JsonGenerator out) throws IOException {
    out.writeStartObject();
    if (spec.single()) {
      buckets[0].render(out);
      out.writeEndObject();
      return;
    }
    KeyedContainer.start(out, "buckets", spec.keyed());
    for (int i = 0; i < buckets.length; i++) {
      KeyedContainer.entry(out, spec.names().get(i), spec.keyed());
      buckets[i].render(out);
      out.writeEndObject();
    }
    if (other != null) {
      KeyedContainer.entry(out, spec.otherKey(), spec.keyed());
      other.render(out);
      out.writeEndObject();
    }
    KeyedContainer.end(out, spec.keyed());
    out.writeEndObject();
  }
}
