package dev.trawl.indexer.search.agg;

import java.util.List;
import java.util.Map;

/** A bucket aggregation's buckets by key, each made on first use and counted against the request's budget. */
final class Buckets<K> {
  private final Map<K, SubAggregations> byKey;
  private final List<AggregatorFactory> subs;
  private final BucketBudget budget;

  /** @param byKey the map to keep them in (sorted when the keys' order matters) */
  Buckets(Map<K, SubAggregations> byKey, List<AggregatorFactory> subs, BucketBudget budget) {
    this.byKey = byKey;
    this.subs = subs;
    this.budget = budget;
  }

  SubAggregations get(K key) {
    SubAggregations b = byKey.get(key);
    if (b == null) {
      budget.take(1);
      b = new SubAggregations(subs, budget);
      byKey.put(key, b);
    }
    return b;
  }

  Map<K, SubAggregations> all() {
    return byKey;
  }
}
