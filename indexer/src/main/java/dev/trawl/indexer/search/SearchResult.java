package dev.trawl.indexer.search;

import dev.trawl.indexer.search.agg.Aggregations;
import java.util.List;

/**
 * The outcome of a search.
 *
 * @param total hits counted; -1 when not tracked
 * @param exact true when {@code total} is exact, false when it is a lower bound
 * @param aggregations the computed aggregations, or null when none were asked for
 * @param timedOut the request's {@code timeout} passed and the answer holds what was found until then
 * @param terminatedEarly with {@code terminate_after}: whether collecting stopped there; null without it
 */
public record SearchResult(long total, boolean exact, float maxScore, List<SearchHit> hits, Aggregations aggregations,
    boolean timedOut, Boolean terminatedEarly) {}
