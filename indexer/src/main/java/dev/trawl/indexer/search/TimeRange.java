package dev.trawl.indexer.search;

/** The {@code @timestamp} bounds a query implies, in epoch nanoseconds, [from, to); used to pick partitions. */
public record TimeRange(long fromNanos, long toNanos) {
  public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  TimeRange intersect(TimeRange other) {
    return new TimeRange(Math.max(fromNanos, other.fromNanos), Math.min(toNanos, other.toNanos));
  }
}
