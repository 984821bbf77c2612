package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.trawl.indexer.api.EsException;
import dev.trawl.indexer.search.agg.Aggregations;
import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.IdCodec;
import dev.trawl.indexer.store.FieldKind;
import dev.trawl.indexer.store.Partition;
import dev.trawl.indexer.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Runs a search over the partitions an index expression and the query's time range select. A
 * sort on {@code @timestamp} descending matches the index sort, so Lucene stops reading each
 * segment once it has enough hits. Thread-safe.
 */
public final class SearchExecutor {
  private static final ObjectReader SOURCE_READER = new com.fasterxml.jackson.databind.ObjectMapper().reader();
  private final Store store;
  private final Clock clock;

  public SearchExecutor(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public SearchResult search(String indexExpression, SearchRequest request) throws IOException {
    Instant now = clock.instant();
    List<Partition> partitions = partitions(indexExpression, request.query(), now);
    FieldKinds kinds = new FieldKinds(partitions);
    request.fields().validate(kinds);
    Aggregations aggregations = request.aggs() == null ? null : Aggregations.parse(request.aggs(), kinds, now, request.typedKeys());
    Boolean notTerminated = request.terminateAfter() > 0 ? Boolean.FALSE : null;
    if (partitions.isEmpty()) {
      if (aggregations != null) {
        aggregations.collectorManager(null);
      }
      return new SearchResult(0, true, Float.NaN, List.of(), aggregations, false, notTerminated);
    }
    Query query = new QueryTranslator(kinds, now).translate(request.query());
    Sort sort = sort(request.sort(), kinds);
    return withSearcher(partitions, (searcher, starts) -> {
      if (request.timeoutMillis() > 0) {
        long deadline = System.nanoTime() + request.timeoutMillis() * 1_000_000L;
        searcher.setTimeout(() -> System.nanoTime() - deadline > 0);
      }
      Collecting collecting = new Collecting(searcher, query, request.terminateAfter());
      int want = request.from() + request.size();
      if (want == 0) {
        if (aggregations != null) {
          collecting.run(aggregations.collectorManager(searcher));
        }
        if (request.trackTotalHits() == 0) {
          return new SearchResult(-1, true, Float.NaN, List.of(), aggregations, searcher.timedOut(), collecting.terminatedEarly());
        }
        long count = aggregations != null ? aggregations.docCount() : searcher.count(query);
        Boolean terminated = collecting.terminatedEarly();
        if (aggregations == null && request.terminateAfter() > 0) {
          // counting needs no collecting (segments often know their count), so the limit applies to the result
          terminated = count > request.terminateAfter();
          count = Math.min(count, request.terminateAfter());
        }
        return new SearchResult(Math.min(count, request.trackTotalHits()), count <= request.trackTotalHits(),
            Float.NaN, List.of(), aggregations, searcher.timedOut(), terminated);
      }
      // a count the segments know (a term without deletions, a time range on the index sort) need not be
      // collected: then each segment stops after the page instead of counting to track_total_hits; with
      // aggregations, which visit every match, they count them
      boolean aggregationsCount = aggregations != null && request.terminateAfter() == 0;
      long knownCount = !aggregationsCount && request.terminateAfter() == 0 && request.trackTotalHits() > 0
          ? countWithoutCollecting(searcher, query) : -1;
      int threshold = knownCount >= 0 || aggregationsCount ? want : Math.max(request.trackTotalHits(), 1);
      CollectorManager<? extends Collector, ? extends TopDocs> topManager = sort == null
          ? new TopScoreDocCollectorManager(want, null, threshold)
          : new TopFieldCollectorManager(sort, want, after(request, sort), threshold);
      TopDocs top = aggregations == null ? collecting.run(topManager)
          : (TopDocs) collecting.run(new MultiCollectorManager(topManager, aggregations.collectorManager(searcher)))[0];
      List<SearchHit> hits = hits(request, top, searcher, partitions, starts, sort == null, kinds, query);
      float max = Float.NaN;
      for (SearchHit hit : hits) {
        if (sort == null && (Float.isNaN(max) || hit.score() > max)) {
          max = hit.score();
        }
      }
      // Elasticsearch reports at most track_total_hits, as a lower bound once there are more
      boolean counted = aggregationsCount || knownCount >= 0;
      long matched = aggregationsCount ? aggregations.docCount() : knownCount >= 0 ? knownCount : top.totalHits.value;
      boolean exact = (counted || top.totalHits.relation == TotalHits.Relation.EQUAL_TO) && matched <= request.trackTotalHits();
      long total = request.trackTotalHits() == 0 ? -1 : Math.min(matched, request.trackTotalHits());
      return new SearchResult(total, exact, max, hits, aggregations, searcher.timedOut(), collecting.terminatedEarly());
    });
  }

  private static List<SearchHit> hits(SearchRequest request, TopDocs top, IndexSearcher searcher, List<Partition> partitions,
      int[] starts, boolean byScore, FieldKinds kinds, Query query) throws IOException {
    int[] docIds = new int[Math.max(0, top.scoreDocs.length - request.from())];
    Arrays.setAll(docIds, i -> top.scoreDocs[request.from() + i].doc);
    Document[] docs = StoredDocuments.read(searcher.getIndexReader(), docIds);
    boolean perHitFields = !request.fields().isEmpty() || request.highlight() != null;
    List<SearchHit> hits = new ArrayList<>();
    for (int i = 0; i < docIds.length; i++) {
      ScoreDoc sd = top.scoreDocs[request.from() + i];
      byte[] source = docs[i].getBinaryValue(DocumentMapper.SOURCE).bytes;
      Map<String, List<Object>> fields = Map.of();
      Map<String, List<String>> highlight = Map.of();
      if (perHitFields) {
        Map<String, List<JsonNode>> leaves = HitFields.leaves(SOURCE_READER.readTree(source));
        fields = request.fields().collect(leaves, kinds);
        if (request.highlight() != null) {
          highlight = request.highlight().highlight(leaves, query, kinds);
        }
      }
      hits.add(new SearchHit(partitions.get(subIndex(starts, sd.doc)).name().toString(), IdCodec.of(docs[i]),
          byScore ? sd.score : Float.NaN, source, sd instanceof FieldDoc fd ? fd.fields : null, fields, highlight));
    }
    return hits;
  }

  /** The number of matches when every segment knows it without visiting documents, else -1. */
  private static long countWithoutCollecting(IndexSearcher searcher, Query query) throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    long total = 0;
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      int count = weight.count(leaf);
      if (count < 0) {
        return -1;
      }
      total += count;
    }
    return total;
  }

  /** Runs collector managers on one searcher, through {@code terminate_after} when the request sets it. */
  private static final class Collecting {
    private final IndexSearcher searcher;
    private final Query query;
    private final int terminateAfter;
    private boolean terminated;

    Collecting(IndexSearcher searcher, Query query, int terminateAfter) {
      this.searcher = searcher;
      this.query = query;
      this.terminateAfter = terminateAfter;
    }

    <C extends Collector, T> T run(CollectorManager<C, T> manager) throws IOException {
      if (terminateAfter == 0) {
        return searcher.search(query, manager);
      }
      TerminateAfter<C, T> limited = new TerminateAfter<>(manager, terminateAfter);
      T result = searcher.search(query, limited);
      terminated |= limited.terminated();
      return result;
    }

    Boolean terminatedEarly() {
      return terminateAfter == 0 ? null : terminated;
    }
  }

  /** The number of documents a query matches. */
  public long count(String indexExpression, JsonNode queryNode) throws IOException {
    Instant now = clock.instant();
    List<Partition> partitions = partitions(indexExpression, queryNode, now);
    if (partitions.isEmpty()) {
      return 0;
    }
    Query query = new QueryTranslator(new FieldKinds(partitions), now).translate(queryNode);
    return withSearcher(partitions, (searcher, starts) -> (long) searcher.count(query));
  }

  private List<Partition> partitions(String expression, JsonNode query, Instant now) {
    TimeRange range = QueryTranslator.timeRange(query, now);
    List<Partition> partitions = store.resolve(expression, range.fromNanos(), range.toNanos());
    if (partitions.isEmpty() && !expression.contains("*") && !store.exists(expression)) {
      throw EsException.indexNotFound(expression);
    }
    return partitions;
  }

  @FunctionalInterface
  private interface SearcherWork<T> {
    T run(IndexSearcher searcher, int[] starts) throws IOException;
  }

  private static <T> T withSearcher(List<Partition> partitions, SearcherWork<T> work) throws IOException {
    List<IndexSearcher> acquired = new ArrayList<>();
    try {
      IndexReader[] readers = new IndexReader[partitions.size()];
      int[] starts = new int[partitions.size()];
      int base = 0;
      for (int i = 0; i < partitions.size(); i++) {
        IndexSearcher s = partitions.get(i).acquire();
        acquired.add(s);
        readers[i] = s.getIndexReader();
        starts[i] = base;
        base += readers[i].maxDoc();
      }
      try (MultiReader multi = new MultiReader(readers, false)) {
        return work.run(new IndexSearcher(multi), starts);
      }
    } finally {
      for (int i = 0; i < acquired.size(); i++) {
        partitions.get(i).release(acquired.get(i));
      }
    }
  }

  private static int subIndex(int[] starts, int doc) {
    int i = starts.length - 1;
    while (i > 0 && starts[i] > doc) {
      i--;
    }
    return i;
  }

  /** The Lucene sort, or null for relevance order. */
  private static Sort sort(List<SortSpec> specs, FieldKinds kinds) {
    if (specs.isEmpty() || (specs.size() == 1 && specs.get(0).field().equals("_score") && specs.get(0).descending())) {
      return null;
    }
    List<SortField> fields = new ArrayList<>();
    for (SortSpec s : specs) {
      fields.add(switch (s.field()) {
        case "_score" -> new SortField(null, SortField.Type.SCORE, !s.descending());
        case "_doc" -> new SortField(null, SortField.Type.DOC, s.descending());
        case "@timestamp" -> new SortField("@timestamp", SortField.Type.LONG, s.descending());
        default -> sortField(s, sortKind(s, kinds));
      });
    }
    return new Sort(fields.toArray(SortField[]::new));
  }

  private static FieldKind sortKind(SortSpec s, FieldKinds kinds) {
    if (kinds.known(s.field()) || s.unmappedType() == null) {
      return kinds.of(s.field());
    }
    FieldKind kind = FieldKinds.ofType(s.unmappedType());
    if (kind == null) {
      throw EsException.illegalArgument("[sort] unmapped_type [" + s.unmappedType() + "] is not supported for [" + s.field() + "]");
    }
    return kind;
  }

  private static SortField sortField(SortSpec s, FieldKind kind) {
    SortField f = switch (kind) {
      case LONG -> LongField.newSortField(s.field(), s.descending(),
          s.descending() ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
      case DOUBLE -> DoubleField.newSortField(s.field(), s.descending(),
          s.descending() ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
      case KEYWORD -> KeywordField.newSortField(s.field(), s.descending(),
          s.descending() ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN);
      default -> throw EsException.illegalArgument("Can't sort on field [" + s.field() + "]: it is analysed text");
    };
    if (kind == FieldKind.KEYWORD) {
      f.setMissingValue(s.descending() ? SortField.STRING_FIRST : SortField.STRING_LAST);
    }
    return f;
  }

  private static FieldDoc after(SearchRequest request, Sort sort) {
    if (request.searchAfter() == null) {
      return null;
    }
    SortField[] fields = sort.getSort();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      var v = request.searchAfter().get(i);
      try {
        values[i] = switch (fields[i].getType()) {
          case LONG -> v.isNumber() ? v.asLong() : Long.parseLong(v.asText());
          case DOUBLE -> v.asDouble();
          case SCORE -> (float) v.asDouble();
          case DOC -> v.asInt();
          case STRING -> new BytesRef(v.asText());
          case CUSTOM -> fields[i] instanceof org.apache.lucene.search.SortedNumericSortField sn
              && sn.getNumericType() == SortField.Type.DOUBLE ? (Object) v.asDouble()
              : fields[i] instanceof org.apache.lucene.search.SortedNumericSortField ? (Object) v.asLong()
              : new BytesRef(v.asText());
          default -> throw EsException.illegalArgument("search_after on sort [" + fields[i] + "] is not supported");
        };
      } catch (NumberFormatException e) {
        throw EsException.illegalArgument("search_after value [" + v.asText() + "] does not fit sort field [" + fields[i].getField() + "]");
      }
    }
    return new FieldDoc(Integer.MAX_VALUE, Float.NaN, values);
  }
}
