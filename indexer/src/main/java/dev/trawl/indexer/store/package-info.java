/**
 * Lucene storage: one index per stream per day, sorted by {@code @timestamp} descending, with the
 * record's mapping, {@code _id} deduplication, refresh, commits and retention.
 */
package dev.trawl.indexer.store;
