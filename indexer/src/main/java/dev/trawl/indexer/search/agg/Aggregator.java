package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;

/** Accumulates one aggregation over the documents handed to it. Not thread-safe. */
interface Aggregator {
  void collect(LeafReaderContext leaf, int doc) throws IOException;

  /** True when {@link #collectSegment} can stand for collecting every document of a segment. */
  default boolean countsWholeSegments() {
    return false;
  }

  /** Collects every document of a segment without deletions at once, from the index's statistics. */
  default void collectSegment(LeafReaderContext leaf) throws IOException {
    throw new UnsupportedOperationException("collects document by document");
  }

  /** Writes the aggregation's body ({@code {"value":…}} or {@code {"buckets":[…]}}) as Elasticsearch does. */
  void render(JsonGenerator out) throws IOException;
}
