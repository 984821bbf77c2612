package dev.trawl.indexer.search.agg;

/** Makes a fresh aggregator of one request clause; a bucket makes one per sub-aggregation. */
interface AggregatorFactory {
  String name();

  Aggregator create(BucketBudget budget);
}
