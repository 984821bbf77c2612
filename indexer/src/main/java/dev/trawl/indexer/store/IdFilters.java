package dev.trawl.indexer.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.BytesRef;

/**
 * Every id a partition holds, as {@link IdFilter}s: one sized for the ids it had when it was
 * built, then, as it fills, one of twice the last one's capacity at a time, so a partition
 * that grows is never scanned again (a day's partition from empty: about a dozen filters at
 * a billion ids). An id may be in any of them. One thread adds and asks; {@link #ramBytes} may be
 * read from any.
 */
final class IdFilters {
  /** The smallest filter: 1.5 MiB. */
  static final long MIN_CAPACITY = 1L << 20;

  private final List<IdFilter> filters = new ArrayList<>();
  private volatile long ramBytes;

  /** @param ids the ids it will be given at first; room is made for as many more */
  IdFilters(long ids) {
    append(new IdFilter(Math.max(MIN_CAPACITY, 2 * ids)));
  }

  private void append(IdFilter filter) {
    filters.add(filter);
    ramBytes += filter.ramBytes();
  }

  void add(BytesRef id) {
    IdFilter last = filters.get(filters.size() - 1);
    if (last.full()) {
      last = new IdFilter(2 * last.capacity());
      append(last);
    }
    last.add(id);
  }

  boolean mightContain(BytesRef id) {
    // newest first: it is the largest, and the one an id added lately is in
    for (int i = filters.size() - 1; i >= 0; i--) {
      if (filters.get(i).mightContain(id)) {
        return true;
      }
    }
    return false;
  }

  int count() {
    return filters.size();
  }

  long ramBytes() {
    return ramBytes;
  }
}
