package dev.trawl.indexer.store;

import java.io.IOException;
import java.util.BitSet;
import org.apache.lucene.index.BaseTermsEnum;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The terms of one field as a segment writes them: its rare id-like words taken out and their
 * postings added to their pools' ({@link PooledTerms}), in term order. Pool terms already in the
 * input (from the segments a merge reads) keep their postings and take any newly pooled word's.
 * Only a writer walks it: it can be iterated and its postings read, not sought.
 */
final class PoolingTerms extends FilterLeafReader.FilterTerms {
  private static final int POSTINGS_FLAGS = PostingsEnum.POSITIONS;
  /**
   * The most postings (in ints: a document, its frequency, its positions) a segment's writer holds
   * in memory for the words it pools; words past it stay terms of their own. A flush holds a few
   * megabytes; only a merge of segments written before pools (whose rare words are all terms)
   * could hold more.
   */
  static final int MAX_BUFFERED_INTS = 8 << 20;

  private final int maxBufferedInts;

  PoolingTerms(Terms in) {
    this(in, MAX_BUFFERED_INTS);
  }

  PoolingTerms(Terms in, int maxBufferedInts) {
    super(in);
    this.maxBufferedInts = maxBufferedInts;
  }

  /** Pools hold documents, frequencies and positions; a field with offsets or payloads is written as it is. */
  static boolean canPool(Terms terms) {
    return terms.hasFreqs() && terms.hasPositions() && !terms.hasOffsets() && !terms.hasPayloads();
  }

  /**
   * Whether the current term of {@code terms} is pooled: an id-like word in few documents. A
   * segment being flushed knows no term's document count until its postings are read.
   */
  private static boolean isPooled(TermsEnum terms, PostingsEnum[] reuse) throws IOException {
    if (!PooledTerms.looksLikeId(terms.term())) {
      return false;
    }
    PostingsEnum docs = reuse[0] = terms.postings(reuse[0], PostingsEnum.NONE);
    int count = 0;
    while (docs.nextDoc() != PostingsEnum.NO_MORE_DOCS) {
      if (++count > PooledTerms.MAX_POOLED_DOC_FREQ) {
        return false;
      }
    }
    return true;
  }

  @Override
  public TermsEnum iterator() throws IOException {
    PoolPostings.Buffer[] pools = new PoolPostings.Buffer[PooledTerms.POOLS];
    return new Enum(pools, collect(pools));
  }

  /**
   * Adds the postings of the words this segment pools to their pools' buffers; answers which
   * terms, counted in term order, they were.
   */
  private BitSet collect(PoolPostings.Buffer[] pools) throws IOException {
    BitSet pooled = new BitSet();
    TermsEnum terms = in.iterator();
    PostingsEnum[] counting = new PostingsEnum[1];
    PostingsEnum postings = null;
    long buffered = 0;
    int index = 0;
    for (BytesRef term = terms.next(); term != null && buffered < maxBufferedInts; term = terms.next(), index++) {
      if (isPooled(terms, counting)) {
        pooled.set(index);
        int pool = PooledTerms.pool(term);
        if (pools[pool] == null) {
          pools[pool] = new PoolPostings.Buffer();
        }
        postings = terms.postings(postings, POSTINGS_FLAGS);
        buffered -= pools[pool].size();
        pools[pool].add(postings);
        buffered += pools[pool].size();
      }
    }
    return pooled;
  }

  /** Pool terms (those read and those made here, merged) and the words left, in term order. */
  private final class Enum extends BaseTermsEnum {
    private final PoolPostings.Buffer[] made;
    private final TermsEnum read;
    private final TermsEnum words;
    /** The terms of the input, counted in order, that were pooled. */
    private final BitSet pooledWords;
    private int wordIndex = -1;
    private int nextMade = -1;
    private int nextRead = -1;
    private BytesRef nextWord;
    private BytesRef current;
    private int currentPool = -1;
    private boolean currentRead;

    Enum(PoolPostings.Buffer[] made, BitSet pooledWords) throws IOException {
      this.made = made;
      this.pooledWords = pooledWords;
      this.read = in.iterator();
      this.words = in.iterator();
      advanceMade();
      if (read.seekCeil(PooledTerms.poolTerm(0)) != SeekStatus.END) {
        nextRead = PooledTerms.isPool(read.term()) ? PooledTerms.poolOf(read.term()) : -1;
      }
      advanceWords();
    }

    private void advanceMade() {
      do {
        nextMade++;
      } while (nextMade < made.length && made[nextMade] == null);
    }

    private void advanceRead() throws IOException {
      BytesRef term = read.next();
      nextRead = term != null && PooledTerms.isPool(term) ? PooledTerms.poolOf(term) : -1;
    }

    private void advanceWords() throws IOException {
      do {
        nextWord = words.next();
        wordIndex++;
      } while (nextWord != null && (PooledTerms.isPool(nextWord) || pooledWords.get(wordIndex)));
    }

    @Override
    public BytesRef next() throws IOException {
      if (currentPool >= 0) {
        if (currentPool == nextMade) {
          advanceMade();
        }
        if (currentRead) {
          advanceRead();
        }
      } else if (current != null) {
        advanceWords();
      }
      int pool = nextMade < made.length ? nextMade : -1;
      if (nextRead >= 0 && (pool < 0 || nextRead < pool)) {
        pool = nextRead;
      }
      BytesRef poolTerm = pool < 0 ? null : PooledTerms.poolTerm(pool);
      if (poolTerm != null && (nextWord == null || poolTerm.compareTo(nextWord) < 0)) {
        currentPool = pool;
        currentRead = pool == nextRead;
        current = poolTerm;
      } else {
        currentPool = -1;
        current = nextWord;
      }
      return current;
    }

    @Override
    public BytesRef term() {
      return current;
    }

    @Override
    public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
      if (currentPool < 0) {
        return words.postings(reuse, flags);
      }
      PoolPostings.Buffer buffer = currentPool == nextMade ? made[currentPool] : null;
      return new PoolPostings(buffer, currentRead ? read.postings(null, POSTINGS_FLAGS) : null);
    }

    @Override
    public SeekStatus seekCeil(BytesRef text) {
      throw new UnsupportedOperationException("a segment writer's terms are walked, not sought");
    }

    @Override
    public void seekExact(long ord) {
      throw new UnsupportedOperationException("a segment writer's terms are walked, not sought");
    }

    @Override
    public long ord() {
      throw new UnsupportedOperationException("a segment writer's terms have no ordinals");
    }

    @Override
    public int docFreq() throws IOException {
      if (currentPool >= 0) {
        throw new UnsupportedOperationException("a pool's document count is known once its postings are written");
      }
      return words.docFreq();
    }

    @Override
    public long totalTermFreq() throws IOException {
      if (currentPool >= 0) {
        throw new UnsupportedOperationException("a pool's frequency is known once its postings are written");
      }
      return words.totalTermFreq();
    }

    @Override
    public ImpactsEnum impacts(int flags) {
      throw new UnsupportedOperationException("a segment writer reads postings, not impacts");
    }
  }
}
