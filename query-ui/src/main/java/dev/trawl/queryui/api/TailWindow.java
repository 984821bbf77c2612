package dev.trawl.queryui.api;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which lines a live tail has already sent. Lines become searchable a little after their
 * timestamp (the collector's batch, the indexer's refresh), so each poll looks back a fixed window
 * behind the newest line seen and sends only the ids it has not sent; ids older than the window
 * are forgotten, and at most {@code maxRemembered} are kept whatever the rate. Lines a full poll
 * could not send are counted once as skipped, not again by the polls after it.
 */
final class TailWindow {
  private final long lookbackMillis;
  private final int maxRemembered;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
  /** Lines not sent (skipped, or there before the tail), by the time they are all older than: not to be counted again. */
  private final ArrayDeque<long[]> skips = new ArrayDeque<>();
  private long newestMillis;

  TailWindow(long startMillis, long lookbackMillis, int maxRemembered) {
    this.newestMillis = startMillis;
    this.lookbackMillis = lookbackMillis;
    this.maxRemembered = maxRemembered;
  }

  /** Where the next poll starts: the lookback window behind the newest line seen. */
  long fromMillis() {
    return newestMillis - lookbackMillis;
  }

  long newestMillis() {
    return newestMillis;
  }

  /** Records a line; true when it had not been seen, i.e. is to be sent. */
  boolean add(String id, long timestampMillis) {
    if (seen.containsKey(id)) {
      return false;
    }
    seen.put(id, timestampMillis);
    newestMillis = Math.max(newestMillis, timestampMillis);
    return true;
  }

  /** How many remembered lines fall inside the current window. */
  int rememberedInWindow() {
    long from = fromMillis();
    int n = 0;
    for (long t : seen.values()) {
      if (t >= from) {
        n++;
      }
    }
    return n;
  }

  /** Records {@code count} lines not sent, all older than {@code beforeMillis}, as accounted for. */
  void skipped(long count, long beforeMillis) {
    skips.add(new long[] {beforeMillis, count});
  }

  /** Skipped lines that may still be inside the window. */
  long skippedInWindow() {
    long n = 0;
    for (long[] skip : skips) {
      n += skip[1];
    }
    return n;
  }

  /** Forgets lines behind the window, and the oldest-added beyond the cap. */
  void prune() {
    long from = fromMillis();
    seen.values().removeIf(t -> t < from);
    skips.removeIf(skip -> skip[0] < from);
    Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
    while (seen.size() > maxRemembered && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
