package dev.trawl.collector;

import java.util.Arrays;

/**
 * File offsets, as a growable primitive array. Bounded: past {@link #MAX} offsets it
 * stops taking more, and a restart may then hand those records on again — the indexer answers
 * their deterministic ids with 409, so they are still stored once. Not thread-safe.
 */
final class OffsetList {
  static final int MAX = 65_536;
  private long[] offsets = new long[0];
  private int size;

  void add(long offset) {
    if (size == MAX) {
      return;
    }
    if (size == offsets.length) {
      offsets = Arrays.copyOf(offsets, Math.max(16, size * 2));
    }
    offsets[size++] = offset;
  }

  void clear() {
    size = 0;
  }

  /** The offsets at or above {@code from}, sorted. */
  long[] atOrAbove(long from) {
    if (size == 0) {
      return dev.trawl.collector.tail.FileSink.NONE;
    }
    long[] sorted = Arrays.copyOf(offsets, size);
    Arrays.sort(sorted);
    int start = Arrays.binarySearch(sorted, from);
    start = start >= 0 ? start : -start - 1;
    return Arrays.copyOfRange(sorted, start, sorted.length);
  }
}
