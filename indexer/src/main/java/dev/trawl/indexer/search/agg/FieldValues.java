package dev.trawl.indexer.search.agg;

import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.NumericUtils;

/**
 * One field's doc values for the document being collected, read once per document however many
 * aggregators (one per bucket) ask. Numbers come as doubles ({@code @timestamp} as epoch
 * nanoseconds), keywords as strings with a per-segment cache of ordinals. Not thread-safe.
 */
final class FieldValues {
  private final String field;
  private final FieldKind kind;
  private LeafReaderContext leaf;
  private NumericDocValues single;
  private SortedNumericDocValues numbers;
  private SortedSetDocValues keywords;
  private String[] ordinalCache;
  private int doc = -1;
  private int count;
  private double[] doubles = new double[4];
  private long[] longs = new long[4];
  private String[] strings = new String[4];

  FieldValues(String field, FieldKind kind) {
    this.field = field;
    this.kind = kind;
  }

  String field() {
    return field;
  }

  FieldKind kind() {
    return kind;
  }

  /** Moves to a document; then {@link #count()} and the accessors describe its values. */
  void load(LeafReaderContext ctx, int docId) throws IOException {
    if (ctx != leaf) {
      leaf = ctx;
      doc = -1;
      switch (kind) {
        case DATE -> single = DocValues.getNumeric(ctx.reader(), field);
        case LONG, DOUBLE -> numbers = DocValues.getSortedNumeric(ctx.reader(), field);
        default -> {
          keywords = DocValues.getSortedSet(ctx.reader(), field);
          ordinalCache = new String[(int) Math.min(keywords.getValueCount(), 1 << 20)];
        }
      }
    }
    if (docId == doc) {
      return;
    }
    doc = docId;
    count = 0;
    switch (kind) {
      case DATE -> {
        if (single.advanceExact(docId)) {
          longs[0] = single.longValue();
          doubles[0] = longs[0];
          count = 1;
        }
      }
      case LONG, DOUBLE -> {
        if (numbers.advanceExact(docId)) {
          ensure(numbers.docValueCount());
          for (int i = 0; i < numbers.docValueCount(); i++) {
            long raw = numbers.nextValue();
            longs[i] = raw;
            doubles[i] = kind == FieldKind.DOUBLE ? NumericUtils.sortableLongToDouble(raw) : raw;
          }
          count = numbers.docValueCount();
        }
      }
      default -> {
        if (keywords.advanceExact(docId)) {
          ensure(keywords.docValueCount());
          for (int i = 0; i < keywords.docValueCount(); i++) {
            long ord = keywords.nextOrd();
            String s = ord < ordinalCache.length ? ordinalCache[(int) ord] : null;
            if (s == null) {
              s = keywords.lookupOrd(ord).utf8ToString();
              if (ord < ordinalCache.length) {
                ordinalCache[(int) ord] = s;
              }
            }
            strings[i] = s;
          }
          count = keywords.docValueCount();
        }
      }
    }
  }

  private void ensure(int n) {
    if (n > doubles.length) {
      doubles = new double[n];
      longs = new long[n];
      strings = new String[n];
    }
  }

  int count() {
    return count;
  }

  double number(int i) {
    return doubles[i];
  }

  long longValue(int i) {
    return longs[i];
  }

  String string(int i) {
    return strings[i];
  }
}
