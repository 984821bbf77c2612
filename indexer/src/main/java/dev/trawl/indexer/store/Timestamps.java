package dev.trawl.indexer.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code @timestamp} values: RFC 3339 text with up to nanosecond precision, or epoch milliseconds. */
public final class Timestamps {
  private Timestamps() {}

  /** Epoch nanoseconds of an RFC 3339 text; throws IllegalArgumentException naming the value. */
  public static long parseNanos(String text) {
    long utc = parseUtc(text);
    if (utc != NOT_PLAIN_UTC) {
      return utc;
    }
    try {
      Instant t = Instant.parse(text);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("failed to parse date field [" + text + "]: expected RFC 3339, e.g. 2026-11-23T12:00:00.123456789Z");
    }
  }

  private static final long NOT_PLAIN_UTC = Long.MIN_VALUE;

  /** The number of fraction digits of a time in the common shape below (0 without a fraction), or -1 for any other shape. */
  static int plainUtcFractionDigits(String text) {
    if (parseUtc(text) == NOT_PLAIN_UTC) {
      return -1;
    }
    return text.length() > 20 ? text.length() - 21 : 0;
  }

  /**
   * The common shape, {@code 2026-11-23T08:01:20.123456789Z}, read without a formatter: it is on
   * every document's ingest path. Any other shape (an offset, a leap second, a far year) is left to
   * {@link Instant#parse}.
   */
  private static long parseUtc(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || (n > 20 && (s.charAt(19) != '.' || n == 21))) {
      return NOT_PLAIN_UTC;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int fraction = n > 20 ? digits(s, 20, n - 1) : 0;
    // epoch nanoseconds in a long span 1677 to 2262; beyond, the general path names the overflow
    if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
      return NOT_PLAIN_UTC;
    }
    for (int i = n - 1; i < 29; i++) {
      fraction *= 10;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return ((days * 24 + hour) * 60 + minute) * 60_000_000_000L + second * 1_000_000_000L + fraction;
  }

  /** The decimal number in s[from, to), or -1 when a character there is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  public static long millisToNanos(long millis) {
    return Math.multiplyExact(millis, 1_000_000L);
  }

  public static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
