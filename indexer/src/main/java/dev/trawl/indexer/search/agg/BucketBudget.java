package dev.trawl.indexer.search.agg;

import dev.trawl.indexer.api.EsException;

/** Counts the buckets one request creates, failing as Elasticsearch does past {@code search.max_buckets}. */
final class BucketBudget {
  static final int MAX_BUCKETS = 65_536;
  private int used;

  void take(int buckets) {
    used += buckets;
    if (used > MAX_BUCKETS) {
      throw new EsException(400, "too_many_buckets_exception", "Trying to create too many buckets. Must be less than or "
          + "equal to: [" + MAX_BUCKETS + "] but was [" + used + "]. This limit can be set by changing the "
          + "[search.max_buckets] cluster level setting.");
    }
  }
}
