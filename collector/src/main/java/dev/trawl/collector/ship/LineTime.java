package dev.trawl.collector.ship;

import dev.trawl.collector.cri.Rfc3339;
import java.nio.charset.StandardCharsets;

/**
 * The time a queued document's line was written: its leading {@code "@timestamp"} member, which
 * the collector's log and metric documents both open with, read in place for every document a
 * batch delivers, to measure end-to-end delay.
 */
final class LineTime {
  private static final byte[] PREFIX = "{\"@timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
  /** Longer than any RFC 3339 time with nanoseconds and an offset. */
  private static final int MAX_LENGTH = 40;

  private LineTime() {}

  /** Epoch milliseconds, or -1 when the document does not open with a readable time. */
  static long epochMillis(byte[] source) {
    if (source.length < PREFIX.length + 1) {
      return -1;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (source[i] != PREFIX[i]) {
        return -1;
      }
    }
    int end = PREFIX.length;
    int limit = Math.min(source.length, PREFIX.length + MAX_LENGTH);
    while (end < limit && source[end] != '"') {
      end++;
    }
    if (end == limit) {
      return -1;
    }
    return Rfc3339.epochMillis(source, PREFIX.length, end - PREFIX.length);
  }
}
