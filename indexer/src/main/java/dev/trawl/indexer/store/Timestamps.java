package dev.trawl.indexer.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code @timestamp} values: RFC 3339 text with up to nanosecond precision, or epoch milliseconds. */
public final class Timestamps {
  private Timestamps() {}

  /** Epoch nanoseconds of an RFC 3339 text; throws IllegalArgumentException naming the value. */
  public static long parseNanos(String text) {
    try {
      Instant t = Instant.parse(text);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("failed to parse date field [" + text + "]: expected RFC 3339, e.g. 2026-11-23T12:00:00.123456789Z");
    }
  }

  public static long millisToNanos(long millis) {
    return Math.multiplyExact(millis, 1_000_000L);
  }

  public static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
