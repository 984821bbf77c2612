package dev.trawl.indexer.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Elasticsearch time values: a whole number and a unit, {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2h}, {@code 1d}. */
public final class TimeValue {
  private static final Pattern VALUE = Pattern.compile("(\\d{1,15})(nanos|micros|ms|s|m|h|d)");

  private TimeValue() {}

  /** Milliseconds (sub-millisecond values round down), or -1 when the text is not a time value. */
  public static long millis(String text) {
    Matcher m = VALUE.matcher(text.trim());
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "nanos" -> n / 1_000_000;
      case "micros" -> n / 1_000;
      case "ms" -> n;
      case "s" -> n * 1_000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n * 86_400_000;
    };
  }
}
