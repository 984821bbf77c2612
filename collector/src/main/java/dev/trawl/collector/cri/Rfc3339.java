package dev.trawl.collector.cri;

/**
 * Checks the shape of an RFC 3339 timestamp in place: {@code 2026-11-23T12:00:00.123456789Z} or
 * with an offset such as {@code +01:00}; the fraction is optional and up to 9 digits. Reads its
 * instant in place too, without a parser or a string, for paths that see every document.
 */
public final class Rfc3339 {
  /** What {@link #epochSecond} answers for bytes that name no time. */
  public static final long NO_TIME = Long.MIN_VALUE;
  private Rfc3339() {}

  public static boolean isValid(byte[] b, int off, int len) {
    if (len < 20) {
      return false;
    }
    if (!digits(b, off, 4) || b[off + 4] != '-' || !digits(b, off + 5, 2) || b[off + 7] != '-'
        || !digits(b, off + 8, 2) || (b[off + 10] != 'T' && b[off + 10] != 't')
        || !digits(b, off + 11, 2) || b[off + 13] != ':' || !digits(b, off + 14, 2)
        || b[off + 16] != ':' || !digits(b, off + 17, 2)) {
      return false;
    }
    int i = off + 19;
    int end = off + len;
    if (b[i] == '.') {
      int start = ++i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == start || i - start > 9) {
        return false;
      }
    }
    if (i == end - 1) {
      return b[i] == 'Z' || b[i] == 'z';
    }
    return i == end - 6 && (b[i] == '+' || b[i] == '-') && digits(b, i + 1, 2) && b[i + 3] == ':'
        && digits(b, i + 4, 2);
  }

  /** Epoch milliseconds of the timestamp, or -1 when it is not one or names no real date and time. */
  public static long epochMillis(byte[] b, int off, int len) {
    if (!isValid(b, off, len)) {
      return -1;
    }
    long seconds = epochSecond(b, off);
    if (seconds == NO_TIME) {
      return -1;
    }
    int i = off + 19;
    int end = off + len;
    long millis = 0;
    if (b[i] == '.') {
      int digits = 0;
      for (i++; b[i] >= '0' && b[i] <= '9'; i++) {
        if (digits++ < 3) {
          millis = millis * 10 + (b[i] - '0');
        }
      }
      for (; digits < 3; digits++) {
        millis *= 10;
      }
    }
    long offsetSeconds = 0;
    if (i < end - 1) {
      offsetSeconds = (b[i] == '-' ? -1 : 1) * (number(b, i + 1, 2) * 3600L + number(b, i + 4, 2) * 60L);
    }
    return (seconds - offsetSeconds) * 1000 + millis;
  }

  /**
   * Seconds since the epoch of the {@code yyyy-mm-ddThh:mm:ss} at {@code b[off]} read as UTC, or
   * {@link #NO_TIME} when those 19 bytes are not of that shape or name no real date and time (a
   * 30th of February, a 24th hour, a leap second).
   */
  public static long epochSecond(byte[] b, int off) {
    if (b[off + 4] != '-' || b[off + 7] != '-' || (b[off + 10] != 'T' && b[off + 10] != 't') || b[off + 13] != ':'
        || b[off + 16] != ':') {
      return NO_TIME;
    }
    int year = number(b, off, 4);
    int month = number(b, off + 5, 2);
    int day = number(b, off + 8, 2);
    int hour = number(b, off + 11, 2);
    int minute = number(b, off + 14, 2);
    int second = number(b, off + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NO_TIME;
    }
    return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
  }

  private static int daysIn(int year, int month) {
    if (month == 2) {
      return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /** The decimal {@code b[off, off + n)}, or -1 when a byte is not a digit. */
  private static int number(byte[] b, int off, int n) {
    int value = 0;
    for (int i = off; i < off + n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static boolean digits(byte[] b, int off, int n) {
    for (int i = off; i < off + n; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }
}
