package dev.trawl.indexer.store;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The postings of one pool term: the documents and positions of the words pooled into it in this
 * segment ({@link Buffer}), merged with those the pool term already had in the segments a merge
 * reads. A document holding several of the pool's words has their positions together, in order.
 */
final class PoolPostings extends PostingsEnum {
  /** Postings of pooled words, each run a document, its frequency and its positions, in the order added. */
  static final class Buffer {
    private int[] data = new int[8];
    private int size;
    private int[] starts = new int[2];
    private int runs;

    /** Adds every document and position of a word's postings. */
    void add(PostingsEnum postings) throws IOException {
      for (int doc = postings.nextDoc(); doc != NO_MORE_DOCS; doc = postings.nextDoc()) {
        int freq = postings.freq();
        data = ArrayUtil.grow(data, size + 2 + freq);
        starts = ArrayUtil.grow(starts, runs + 1);
        starts[runs++] = size;
        data[size++] = doc;
        data[size++] = freq;
        for (int i = 0; i < freq; i++) {
          data[size++] = postings.nextPosition();
        }
      }
    }

    /** How many ints the buffer holds: what it costs in memory, four bytes each. */
    int size() {
      return size;
    }

    /** Orders the runs by document, once all words are added. */
    private int[] runsByDocument() {
      long[] byDocument = new long[runs];
      for (int i = 0; i < runs; i++) {
        byDocument[i] = (long) data[starts[i]] << 32 | starts[i];
      }
      Arrays.sort(byDocument);
      int[] sorted = new int[runs];
      for (int i = 0; i < runs; i++) {
        sorted[i] = (int) byDocument[i];
      }
      return sorted;
    }
  }

  private final int[] data;
  private final int[] runs;
  private int nextRun;
  private final PostingsEnum read;
  private int readDoc;
  private int doc = -1;
  private int[] positions = new int[4];
  private int freq;
  private int nextPosition;

  /** Either may be null: a pool only made here, or only read. */
  PoolPostings(Buffer made, PostingsEnum read) throws IOException {
    this.data = made == null ? new int[0] : made.data;
    this.runs = made == null ? new int[0] : made.runsByDocument();
    this.read = read;
    this.readDoc = read == null ? NO_MORE_DOCS : read.nextDoc();
  }

  @Override
  public int nextDoc() throws IOException {
    int madeDoc = nextRun < runs.length ? data[runs[nextRun]] : NO_MORE_DOCS;
    doc = Math.min(madeDoc, readDoc);
    freq = 0;
    nextPosition = 0;
    if (doc == NO_MORE_DOCS) {
      return doc;
    }
    while (nextRun < runs.length && data[runs[nextRun]] == doc) {
      int run = runs[nextRun++];
      int count = data[run + 1];
      positions = ArrayUtil.grow(positions, freq + count);
      System.arraycopy(data, run + 2, positions, freq, count);
      freq += count;
    }
    if (readDoc == doc) {
      int count = read.freq();
      positions = ArrayUtil.grow(positions, freq + count);
      for (int i = 0; i < count; i++) {
        positions[freq++] = read.nextPosition();
      }
      readDoc = read.nextDoc();
    }
    if (freq > 1) {
      Arrays.sort(positions, 0, freq);
    }
    return doc;
  }

  @Override
  public int docID() {
    return doc;
  }

  @Override
  public int advance(int target) throws IOException {
    int d = doc;
    while (d < target) {
      d = nextDoc();
    }
    return d;
  }

  @Override
  public int freq() {
    return freq;
  }

  @Override
  public int nextPosition() {
    return positions[nextPosition++];
  }

  @Override
  public int startOffset() {
    return -1;
  }

  @Override
  public int endOffset() {
    return -1;
  }

  @Override
  public BytesRef getPayload() {
    return null;
  }

  @Override
  public long cost() {
    return runs.length + (read == null ? 0 : read.cost());
  }
}
