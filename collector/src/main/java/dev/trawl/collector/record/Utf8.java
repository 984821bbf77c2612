package dev.trawl.collector.record;

/** UTF-8 checks on raw bytes, and an escaped rendering of bytes that are not valid UTF-8. */
public final class Utf8 {
  private Utf8() {}

  /** True when the bytes are well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
  public static boolean isValid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      // log text is mostly ASCII: eight bytes are checked at a time
      if (i + Long.BYTES <= end && ((long) JsonOut.LONGS.get(b, i) & 0x8080808080808080L) == 0) {
        i += Long.BYTES;
        continue;
      }
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + need >= end) {
        return false;
      }
      int cp = c & (0x3f >> need);
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }

  /**
   * The bytes as text, with every byte that is not part of a valid UTF-8 sequence written as
   * {@code \xNN}, so nothing of the original is lost and the result is valid text.
   */
  public static String escapeInvalid(byte[] b, int off, int len) {
    StringBuilder out = new StringBuilder(len + 16);
    int i = off;
    int end = off + len;
    while (i < end) {
      int seq = validSequenceLength(b, i, end);
      if (seq == 0) {
        out.append(String.format("\\x%02X", b[i] & 0xff));
        i++;
      } else {
        out.append(new String(b, i, seq, java.nio.charset.StandardCharsets.UTF_8));
        i += seq;
      }
    }
    return out.toString();
  }

  private static int validSequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xff;
    int n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    return n > 0 && i + n <= end && isValid(b, i, n) ? n : 0;
  }
}
