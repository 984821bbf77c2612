package dev.trawl.indexer.search;

/**
 * One hit.
 *
 * @param score the relevance score, or NaN when sorted by a field
 * @param sortValues the hit's sort key values, or null when sorted by score
 */
public record SearchHit(String index, String id, float score, byte[] source, Object[] sortValues) {}
