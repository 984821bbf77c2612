package dev.trawl.indexer.series;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.BaseTermsEnum;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.OrdTermState;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SlowImpactsEnum;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * One field's terms in a segment, read from its series: each value's documents are those of the
 * series holding it, so its postings are theirs, merged. Documents only, as a keyword's.
 */
final class SeriesTerms extends Terms {
  private final SeriesTable.FieldTable values;
  private final SeriesTable table;
  private final Terms series;

  SeriesTerms(SeriesTable.FieldTable values, SeriesTable table, Terms series) {
    this.values = values;
    this.table = table;
    this.series = series;
  }

  @Override
  public TermsEnum iterator() {
    return new ValuesEnum();
  }

  @Override
  public long size() {
    return values.values.length;
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
    private TermsEnum seriesTerms;

    @Override
    public SeekStatus seekCeil(BytesRef text) {
      int found = Arrays.binarySearch(values.values, text);
      if (found >= 0) {
        ord = found;
        return SeekStatus.FOUND;
      }
      ord = -found - 1;
      return ord == values.values.length ? SeekStatus.END : SeekStatus.NOT_FOUND;
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
      if (ord < values.values.length) {
        ord++;
      }
      return ord < values.values.length ? values.values[ord] : null;
    }

    @Override
    public BytesRef term() {
      return values.values[ord];
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
      int[] holding = values.seriesOfValue[ord];
      PostingsEnum[] postings = new PostingsEnum[holding.length];
      int live = 0;
      for (int s : holding) {
        TermState state = table.state(s);
        if (state != null) {
          if (seriesTerms == null) {
            seriesTerms = series.iterator();
          }
          seriesTerms.seekExact(table.key(s), state);
          postings[live++] = seriesTerms.postings(null, flags);
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
