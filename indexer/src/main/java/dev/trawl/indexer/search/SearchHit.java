package dev.trawl.indexer.search;

import java.util.List;
import java.util.Map;

/**
 * One hit.
 *
 * @param score the relevance score, or NaN when sorted by a field
 * @param sortValues the hit's sort key values, or null when sorted by score
 * @param fields values of the fields the request named, by field; empty when none
 * @param highlight highlighted fragments by field; empty when none
 */
public record SearchHit(String index, String id, float score, byte[] source, Object[] sortValues,
    Map<String, List<Object>> fields, Map<String, List<String>> highlight) {}
