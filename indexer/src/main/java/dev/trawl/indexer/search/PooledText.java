package dev.trawl.indexer.search;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.LogAnalyzer;
import dev.trawl.indexer.store.PooledTerms;
import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.Query;

/**
 * Whether a document's own text matches a term or phrase of {@code message}: its source read back,
 * its {@code message} values analysed as indexing did, into a one-document index the query runs on.
 * Documents are asked for in increasing order, as a segment's iterators give them.
 */
final class PooledText {
  private static final Analyzer ANALYZER = new LogAnalyzer();
  private final LeafReader reader;
  private final Query exact;
  private final MemoryIndex text = new MemoryIndex();
  private StoredDocuments.SegmentSources sources;

  PooledText(LeafReader reader, Query exact) {
    this.reader = reader;
    this.exact = exact;
  }

  boolean matches(int doc) throws IOException {
    if (sources == null) {
      sources = new StoredDocuments.SegmentSources(reader);
    }
    text.reset();
    for (String value : DocumentMapper.texts(sources.source(doc), PooledTerms.FIELD)) {
      text.addField(PooledTerms.FIELD, value, ANALYZER);
    }
    return text.search(exact) > 0;
  }
}
