package dev.trawl.collector.record;

import dev.trawl.collector.cri.Rfc3339;
import java.util.Arrays;

/**
 * A line's time as the node queue keeps it. The runtime's UTC form, {@code 2026-11-23T12:00:00Z}
 * with up to nine fraction digits ({@code .123456789}), is ten bytes instead of thirty-two: the
 * {@link JsonKeys#TIME} token, the instant in nanoseconds since the epoch (eight bytes, little
 * endian) and the count of fraction digits written; {@link #write} gives the text back byte for
 * byte as the queue is read. Any other form (an offset, a lower-case {@code t} or {@code z}, a
 * date that does not exist, a time before 1677-09-21 or after 2262-04-11, where nanoseconds no
 * longer fit a long) stays text. The lines of a file mostly share their second, so its date and
 * time are worked out once per second. Not thread-safe: one per {@link LogDocument}.
 */
final class QueuedTime {
  /** The bytes after the token: the nanoseconds and the fraction's digit count. */
  static final int PAYLOAD = Long.BYTES + 1;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long[] FRACTION_SCALE = {1_000_000_000L, 100_000_000L, 10_000_000L, 1_000_000L, 100_000L,
      10_000L, 1_000L, 100L, 10L, 1L};
  /** {@code yyyy-mm-ddThh:mm:ss}: the part the second's cache compares. */
  private static final int SECOND_TEXT = 19;
  /** The seconds whose nanoseconds a long holds, fraction included: 1677-09-21T00:12:45Z to 2262-04-11T23:47:15Z. */
  private static final long MIN_SECOND = Long.MIN_VALUE / NANOS_PER_SECOND + 1;
  private static final long MAX_SECOND = Long.MAX_VALUE / NANOS_PER_SECOND - 1;

  private final byte[] cachedText = new byte[SECOND_TEXT];
  private long cachedSecond;
  private boolean cached;

  /** Writes the token and payload of {@code ts} to {@code out}; false (nothing written) when it is not of the form kept binary. */
  boolean encode(byte[] ts, int off, int len, JsonOut out) {
    if (len < SECOND_TEXT + 1 || ts[off + len - 1] != 'Z') {
      return false;
    }
    int digits = 0;
    long fraction = 0;
    if (len > SECOND_TEXT + 1) {
      digits = len - SECOND_TEXT - 2;
      if (ts[off + SECOND_TEXT] != '.' || digits < 1 || digits > 9) {
        return false;
      }
      for (int i = off + SECOND_TEXT + 1; i < off + len - 1; i++) {
        int d = ts[i] - '0';
        if (d < 0 || d > 9) {
          return false;
        }
        fraction = fraction * 10 + d;
      }
    }
    if (!cached || !Arrays.equals(ts, off, off + SECOND_TEXT, cachedText, 0, SECOND_TEXT)) {
      long second = ts[off + 10] == 'T' ? Rfc3339.epochSecond(ts, off) : Rfc3339.NO_TIME;
      if (second < MIN_SECOND || second > MAX_SECOND) {
        return false;
      }
      System.arraycopy(ts, off, cachedText, 0, SECOND_TEXT);
      cachedSecond = second;
      cached = true;
    }
    out.raw(JsonKeys.TIME).rawLong(cachedSecond * NANOS_PER_SECOND + fraction * FRACTION_SCALE[digits]).raw((byte) digits);
    return true;
  }

  /** The length of the text the payload at {@code src[at]} stands for, quotes included. */
  static int textLength(byte[] src, int at) {
    int digits = src[at + Long.BYTES];
    return 1 + SECOND_TEXT + (digits > 0 ? 1 + digits : 0) + 1 + 1;
  }

  /** Writes the quoted text the payload at {@code src[at]} stands for at {@code dst[to]}; returns where it ends. */
  static int write(byte[] src, int at, byte[] dst, int to) {
    long nanos = (long) JsonOut.LONGS.get(src, at);
    int digits = src[at + Long.BYTES];
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) (seconds - days * 86_400L);
    // H. Hinnant's civil_from_days
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shifted = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shifted + 2) / 5 + 1);
    int month = (int) (shifted < 10 ? shifted + 3 : shifted - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    dst[to++] = '"';
    to = JsonOut.padded(year, 4, dst, to);
    dst[to++] = '-';
    to = JsonOut.padded(month, 2, dst, to);
    dst[to++] = '-';
    to = JsonOut.padded(day, 2, dst, to);
    dst[to++] = 'T';
    to = JsonOut.padded(secondOfDay / 3600, 2, dst, to);
    dst[to++] = ':';
    to = JsonOut.padded(secondOfDay / 60 % 60, 2, dst, to);
    dst[to++] = ':';
    to = JsonOut.padded(secondOfDay % 60, 2, dst, to);
    if (digits > 0) {
      dst[to++] = '.';
      to = JsonOut.padded(Math.floorMod(nanos, NANOS_PER_SECOND) / FRACTION_SCALE[digits], digits, dst, to);
    }
    dst[to++] = 'Z';
    dst[to++] = '"';
    return to;
  }
}
