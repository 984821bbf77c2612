package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed {@code _search} request.
 *
 * @param query the query DSL object, or null for all documents
 * @param sort sort keys; empty means by score
 * @param searchAfter the previous page's last sort values, or null
 * @param trackTotalHits count hits exactly up to this many; 0 means do not count
 * @param source which parts of {@code _source} to return
 * @param totalHitsAsInt render {@code hits.total} as a number ({@code rest_total_hits_as_int})
 * @param aggs the {@code aggs} object, or null
 * @param typedKeys prefix aggregation names with their type ({@code sterms#name}), as clients ask with {@code typed_keys}
 * @param fields what {@code fields} and {@code docvalue_fields} ask of each hit
 * @param highlight the {@code highlight} options, or null
 * @param timeoutMillis stop searching after this long and answer what was found, {@code timed_out}; 0 for no limit
 * @param terminateAfter stop after collecting this many documents, {@code terminated_early}; 0 for no limit
 * @param version give each hit its {@code _version} (always 1: documents are never updated)
 */
public record SearchRequest(JsonNode query, int from, int size, List<SortSpec> sort, JsonNode searchAfter,
    int trackTotalHits, SourceFilter source, boolean totalHitsAsInt, JsonNode aggs,
    boolean typedKeys, HitFields fields, HitHighlighter highlight, long timeoutMillis, int terminateAfter,
    boolean version) {
  public static final int MAX_RESULT_WINDOW = 10_000;
  public static final int DEFAULT_TRACK_TOTAL_HITS = 10_000;
}
