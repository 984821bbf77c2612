package dev.trawl.indexer.series;

import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.util.BytesRef;

/** Postings of documents only, as a keyword's: a frequency of one, no positions, offsets or payloads. */
abstract class DocsOnlyPostings extends PostingsEnum {
  @Override
  public final int freq() {
    return 1;
  }

  @Override
  public final int nextPosition() {
    return -1;
  }

  @Override
  public final int startOffset() {
    return -1;
  }

  @Override
  public final int endOffset() {
    return -1;
  }

  @Override
  public final BytesRef getPayload() {
    return null;
  }
}
