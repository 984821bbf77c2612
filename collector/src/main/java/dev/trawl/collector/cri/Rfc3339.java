package dev.trawl.collector.cri;

/**
 * Checks the shape of an RFC 3339 timestamp in place: {@code 2026-11-23T12:00:00.123456789Z} or
 * with an offset such as {@code +01:00}; the fraction is optional and up to 9 digits.
 */
public final class Rfc3339 {
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

  private static boolean digits(byte[] b, int off, int n) {
    for (int i = off; i < off + n; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }
}
