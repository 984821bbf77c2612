/**
 * Aggregations over the documents a search matches: bucket aggregations ({@code date_histogram},
 * {@code terms}) nested to any depth and metrics, computed from doc values in one pass.
 */
package dev.trawl.indexer.search.agg;
