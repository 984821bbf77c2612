package dev.trawl.indexer.series;

import java.io.IOException;
import org.apache.lucene.index.PostingsEnum;

/**
 * The documents of several postings that share none, in order: a heap of the postings by their
 * current document. Each document once, with a frequency of one, as a keyword's postings.
 */
final class UnionPostings extends DocsOnlyPostings {
  private final PostingsEnum[] heap;
  private final long cost;
  private int doc = -1;

  /** Positions each of {@code postings} on its first document. */
  UnionPostings(PostingsEnum[] postings) throws IOException {
    heap = postings;
    long total = 0;
    for (PostingsEnum p : postings) {
      p.nextDoc();
      total += p.cost();
    }
    cost = total;
    for (int i = heap.length / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  @Override
  public int docID() {
    return doc;
  }

  @Override
  public int nextDoc() throws IOException {
    if (heap.length == 0 || doc == NO_MORE_DOCS) {
      return doc = NO_MORE_DOCS;
    }
    if (doc != -1) {
      heap[0].nextDoc();
      siftDown(0);
    }
    return doc = heap[0].docID();
  }

  @Override
  public int advance(int target) throws IOException {
    if (heap.length == 0) {
      return doc = NO_MORE_DOCS;
    }
    while (heap[0].docID() < target) {
      heap[0].advance(target);
      siftDown(0);
    }
    return doc = heap[0].docID();
  }

  private void siftDown(int i) {
    PostingsEnum moving = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= heap.length) {
        break;
      }
      if (child + 1 < heap.length && heap[child + 1].docID() < heap[child].docID()) {
        child++;
      }
      if (heap[child].docID() >= moving.docID()) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = moving;
  }

  @Override
  public long cost() {
    return cost;
  }
}
