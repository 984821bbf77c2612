package dev.trawl.indexer.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.LeafCollector;

/**
 * {@code terminate_after}: hands at most this many documents, across every segment, to the
 * collectors it wraps, then stops the search and remembers that it did. For one single-threaded
 * search.
 */
final class TerminateAfter<C extends Collector, T> implements CollectorManager<Collector, T> {
  private final CollectorManager<C, T> inner;
  private final int max;
  private int collected;
  private boolean terminated;

  TerminateAfter(CollectorManager<C, T> inner, int max) {
    this.inner = inner;
    this.max = max;
  }

  boolean terminated() {
    return terminated;
  }

  @Override
  public Collector newCollector() throws IOException {
    return new Limited(inner.newCollector());
  }

  @SuppressWarnings("unchecked")
  @Override
  public T reduce(Collection<Collector> collectors) throws IOException {
    List<C> unwrapped = new ArrayList<>();
    for (Collector c : collectors) {
      unwrapped.add(((Limited) c).wrapped());
    }
    return inner.reduce(unwrapped);
  }

  private void stopIfFull() {
    if (collected >= max) {
      terminated = true;
      throw new CollectionTerminatedException();
    }
  }

  private final class Limited extends FilterCollector {
    Limited(Collector in) {
      super(in);
    }

    @SuppressWarnings("unchecked")
    C wrapped() {
      return (C) in;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
      stopIfFull();
      return new FilterLeafCollector(super.getLeafCollector(context)) {
        @Override
        public void collect(int doc) throws IOException {
          stopIfFull();
          collected++;
          super.collect(doc);
        }
      };
    }
  }
}
