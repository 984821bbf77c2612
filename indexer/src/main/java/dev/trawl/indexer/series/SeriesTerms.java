package dev.trawl.indexer.series;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.BaseTermsEnum;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.OrdTermState;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SlowImpactsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * One field's terms in a segment, read from its series: each value's documents are those of the
 * series holding it, so its postings are theirs, merged (or, for a value of many series and much of
 * the segment, the documents whose series hold it, walked). Documents only, as a keyword's.
 */
final class SeriesTerms extends Terms {
  /**
   * A value in more series than this, holding at least one document in {@link #SCAN_FRACTION} of
   * the segment, is read by walking each document's series rather than merging the series' postings.
   */
  static final int MAX_MERGED_SERIES = 4;
  static final int SCAN_FRACTION = 8;

  private final SeriesTable.FieldTable values;
  private final SeriesTable table;
  private final LeafReader reader;

  /** @param reader the segment, whose {@code _series} terms and doc values hold the keys */
  SeriesTerms(SeriesTable.FieldTable values, SeriesTable table, LeafReader reader) {
    this.values = values;
    this.table = table;
    this.reader = reader;
  }

  @Override
  public TermsEnum iterator() {
    return new ValuesEnum();
  }

  @Override
  public long size() {
    return values.size();
  }

  @Override
  public long getSumTotalTermFreq() {
    return values.sumDocFreq;
  }

  @Override
  public long getSumDocFreq() {
    return values.sumDocFreq;
  }

  @Override
  public int getDocCount() {
    return values.docCount;
  }

  @Override
  public boolean hasFreqs() {
    return false;
  }

  @Override
  public boolean hasOffsets() {
    return false;
  }

  @Override
  public boolean hasPositions() {
    return false;
  }

  @Override
  public boolean hasPayloads() {
    return false;
  }

  private final class ValuesEnum extends BaseTermsEnum {
    private int ord = -1;
    private final BytesRef term = new BytesRef();
    private TermsEnum seriesTerms;
    private SortedDocValues keys;

    @Override
    public SeekStatus seekCeil(BytesRef text) {
      int found = values.find(text);
      if (found >= 0) {
        ord = found;
        return SeekStatus.FOUND;
      }
      ord = -found - 1;
      return ord == values.size() ? SeekStatus.END : SeekStatus.NOT_FOUND;
    }

    @Override
    public void seekExact(long ord) {
      this.ord = (int) ord;
    }

    @Override
    public void seekExact(BytesRef term, TermState state) {
      ord = (int) ((OrdTermState) state).ord;
    }

    @Override
    public TermState termState() {
      OrdTermState state = new OrdTermState();
      state.ord = ord;
      return state;
    }

    @Override
    public BytesRef next() {
      if (ord < values.size()) {
        ord++;
      }
      return ord < values.size() ? values.value(ord, term) : null;
    }

    @Override
    public BytesRef term() {
      return values.value(ord, term);
    }

    @Override
    public long ord() {
      return ord;
    }

    @Override
    public int docFreq() {
      return values.docFreqs[ord];
    }

    @Override
    public long totalTermFreq() {
      return values.docFreqs[ord];
    }

    @Override
    public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
      int held = values.seriesEnd(ord) - values.seriesStart(ord);
      if (held > MAX_MERGED_SERIES && (long) values.docFreqs[ord] * SCAN_FRACTION >= reader.maxDoc()) {
        FixedBitSet holding = new FixedBitSet(table.count());
        for (int i = values.seriesStart(ord); i < values.seriesEnd(ord); i++) {
          holding.set(values.series(i));
        }
        return new SeriesScanPostings(reader.getSortedDocValues(SeriesKey.FIELD), holding, values.docFreqs[ord]);
      }
      PostingsEnum[] postings = new PostingsEnum[values.seriesEnd(ord) - values.seriesStart(ord)];
      int live = 0;
      for (int i = values.seriesStart(ord); i < values.seriesEnd(ord); i++) {
        int s = values.series(i);
        if (table.docFreq(s) > 0) {
          if (seriesTerms == null) {
            seriesTerms = reader.terms(SeriesKey.FIELD).iterator();
            keys = reader.getSortedDocValues(SeriesKey.FIELD);
          }
          if (seriesTerms.seekExact(keys.lookupOrd(s))) {
            postings[live++] = seriesTerms.postings(null, flags);
          }
        }
      }
      return live == 1 ? postings[0] : new UnionPostings(Arrays.copyOf(postings, live));
    }

    @Override
    public ImpactsEnum impacts(int flags) throws IOException {
      return new SlowImpactsEnum(postings(null, flags));
    }
  }
}
