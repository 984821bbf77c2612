/**
 * Lucene storage: one index per stream per day, sorted by {@code @timestamp} descending, with the
 * record's mapping, sources stored without what doc values hold, {@code _id} deduplication, refresh,
 * commits and retention.
 */
package dev.trawl.indexer.store;
