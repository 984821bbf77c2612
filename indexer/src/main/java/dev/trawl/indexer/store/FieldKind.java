package dev.trawl.indexer.store;

/** How a field is indexed; a field keeps the kind it was first seen with in a partition. */
public enum FieldKind {
  /** {@code @timestamp}: epoch nanoseconds in doc values, the index sort; ranges binary-search them, so no points. */
  DATE,
  /** {@code message}: analysed text for full-text search. */
  TEXT,
  /** Exact strings (and booleans) with doc values for sorting and aggregations. */
  KEYWORD,
  LONG,
  DOUBLE
}
