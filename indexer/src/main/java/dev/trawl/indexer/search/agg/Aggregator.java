package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;

/** Accumulates one aggregation over the documents handed to it. Not thread-safe. */
interface Aggregator {
  void collect(LeafReaderContext leaf, int doc) throws IOException;

  /** Writes the aggregation's body ({@code {"value":…}} or {@code {"buckets":[…]}}) as Elasticsearch does. */
  void render(JsonGenerator out) throws IOException;
}
