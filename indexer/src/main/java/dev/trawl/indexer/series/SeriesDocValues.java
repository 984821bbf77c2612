package dev.trawl.indexer.series;

import java.io.IOException;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;

/** One field's doc values, read through each document's series. */
final class SeriesDocValues extends SortedSetDocValues {
  private final SeriesTable.FieldTable values;
  private final SortedDocValues series;
  private int next;
  private int end;
  private int count;
  private final BytesRef value = new BytesRef();

  SeriesDocValues(SeriesTable.FieldTable values, SortedDocValues series) {
    this.values = values;
    this.series = series;
  }

  @Override
  public long nextOrd() {
    return next < end ? values.ords[next++] : NO_MORE_ORDS;
  }

  @Override
  public int docValueCount() {
    return count;
  }

  @Override
  public BytesRef lookupOrd(long ord) {
    return values.value((int) ord, value);
  }

  @Override
  public long getValueCount() {
    return values.size();
  }

  @Override
  public boolean advanceExact(int target) throws IOException {
    return series.advanceExact(target) && holdsField();
  }

  @Override
  public int docID() {
    return series.docID();
  }

  @Override
  public int nextDoc() throws IOException {
    return skipToField(series.nextDoc());
  }

  @Override
  public int advance(int target) throws IOException {
    return skipToField(series.advance(target));
  }

  private int skipToField(int doc) throws IOException {
    while (doc != NO_MORE_DOCS && !holdsField()) {
      doc = series.nextDoc();
    }
    return doc;
  }

  private boolean holdsField() throws IOException {
    int s = series.ordValue();
    next = values.ordStart[s];
    end = values.ordStart[s + 1];
    count = end - next;
    return count > 0;
  }

  @Override
  public long cost() {
    return series.cost();
  }
}
