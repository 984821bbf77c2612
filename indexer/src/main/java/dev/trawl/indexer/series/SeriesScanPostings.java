package dev.trawl.indexer.series;

import java.io.IOException;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents of a value held by many series and much of the segment (a namespace, a node): a
 * walk over each document's series, which costs less than merging the postings of thousands of
 * series. Each document once, with a frequency of one, as a keyword's postings.
 */
final class SeriesScanPostings extends DocsOnlyPostings {
  private final SortedDocValues series;
  private final FixedBitSet holding;
  private final long cost;

  /** @param holding the series, by ordinal, whose documents are matched */
  SeriesScanPostings(SortedDocValues series, FixedBitSet holding, long cost) {
    this.series = series;
    this.holding = holding;
    this.cost = cost;
  }

  @Override
  public int docID() {
    return series.docID();
  }

  @Override
  public int nextDoc() throws IOException {
    return skipToHeld(series.nextDoc());
  }

  @Override
  public int advance(int target) throws IOException {
    return skipToHeld(series.advance(target));
  }

  private int skipToHeld(int doc) throws IOException {
    while (doc != NO_MORE_DOCS && !holding.get(series.ordValue())) {
      doc = series.nextDoc();
    }
    return doc;
  }

  @Override
  public long cost() {
    return cost;
  }
}
