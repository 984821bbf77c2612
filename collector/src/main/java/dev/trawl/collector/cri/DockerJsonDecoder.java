package dev.trawl.collector.cri;

import java.util.Arrays;

/**
 * Decodes the lines of Docker's json-file log driver:
 * {@code {"log":"<body>\n","stream":"stdout|stderr","time":"<RFC3339Nano>"}}. The body is
 * unescaped into a buffer this decoder owns (it only ever shrinks when unescaped, so the buffer
 * grows to the longest line and stays); a {@code log} without its trailing newline is a part of a
 * line dockerd split (at 16 KiB), joined like a CRI {@code P} part. Other members (dockerd's
 * {@code attrs}) are skipped. Allocates nothing per line once warm. Not thread-safe: one per file.
 */
public final class DockerJsonDecoder {
  private static final int NONE = -1;
  private byte[] scratch = new byte[256];

  /**
   * @return true and fills {@code out} (its source is this decoder's buffer, valid until the next
   *     call) when the line is a json-file record with a body, a known stream and a valid time;
   *     false otherwise (the caller keeps the line as a malformed record)
   */
  public boolean decode(byte[] buf, int off, int len, CriLine out) {
    int end = off + len;
    if (scratch.length < len) {
      scratch = Arrays.copyOf(scratch, Math.max(len, scratch.length * 2));
    }
    int bodyLength = NONE;
    int timeStart = NONE;
    int timeLength = 0;
    CriLine.Stream stream = null;
    int i = skipSpace(buf, off, end);
    if (i >= end || buf[i] != '{') {
      return false;
    }
    i = skipSpace(buf, i + 1, end);
    if (i < end && buf[i] == '}') {
      return false;
    }
    while (true) {
      if (i >= end || buf[i] != '"') {
        return false;
      }
      int keyStart = i + 1;
      int keyEnd = stringEnd(buf, keyStart, end);
      if (keyEnd < 0) {
        return false;
      }
      i = skipSpace(buf, keyEnd + 1, end);
      if (i >= end || buf[i] != ':') {
        return false;
      }
      i = skipSpace(buf, i + 1, end);
      if (i >= end) {
        return false;
      }
      if (is(buf, keyStart, keyEnd, LOG) && buf[i] == '"') {
        bodyLength = unescape(buf, i + 1, end);
        if (bodyLength < 0) {
          return false;
        }
        i = stringEnd(buf, i + 1, end) + 1;
      } else if (is(buf, keyStart, keyEnd, STREAM) && buf[i] == '"') {
        int valueEnd = stringEnd(buf, i + 1, end);
        stream = is(buf, i + 1, valueEnd, STDOUT) ? CriLine.Stream.STDOUT
            : is(buf, i + 1, valueEnd, STDERR) ? CriLine.Stream.STDERR : null;
        i = valueEnd + 1;
      } else if (is(buf, keyStart, keyEnd, TIME) && buf[i] == '"') {
        int valueEnd = stringEnd(buf, i + 1, end);
        timeStart = i + 1;
        timeLength = valueEnd - timeStart;
        i = valueEnd + 1;
      } else {
        i = skipValue(buf, i, end, 0);
      }
      if (i <= 0) {
        return false;
      }
      i = skipSpace(buf, i, end);
      if (i < end && buf[i] == ',') {
        i = skipSpace(buf, i + 1, end);
      } else if (i < end && buf[i] == '}') {
        break;
      } else {
        return false;
      }
    }
    if (skipSpace(buf, i + 1, end) != end || bodyLength < 0 || stream == null || timeStart < 0
        || !Rfc3339.isValid(buf, timeStart, timeLength) || bodyLength + timeLength > scratch.length) {
      return false;
    }
    boolean complete = bodyLength > 0 && scratch[bodyLength - 1] == '\n';
    System.arraycopy(buf, timeStart, scratch, bodyLength, timeLength);
    out.source = scratch;
    out.stream = stream;
    out.partial = !complete;
    out.bodyStart = 0;
    out.bodyLength = complete ? bodyLength - 1 : bodyLength;
    out.timestampStart = bodyLength;
    out.timestampLength = timeLength;
    return true;
  }

  private static final byte[] LOG = {'l', 'o', 'g'};
  private static final byte[] STREAM = {'s', 't', 'r', 'e', 'a', 'm'};
  private static final byte[] TIME = {'t', 'i', 'm', 'e'};
  private static final byte[] STDOUT = {'s', 't', 'd', 'o', 'u', 't'};
  private static final byte[] STDERR = {'s', 't', 'd', 'e', 'r', 'r'};

  private static boolean is(byte[] buf, int start, int end, byte[] word) {
    return end - start == word.length && Arrays.equals(buf, start, end, word, 0, word.length);
  }

  private static int skipSpace(byte[] buf, int i, int end) {
    while (i < end && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** The index of the quote closing a string whose first character is at {@code i}, or -1. */
  private static int stringEnd(byte[] buf, int i, int end) {
    while (i < end) {
      byte b = buf[i];
      if (b == '"') {
        return i;
      }
      i += b == '\\' ? 2 : 1;
    }
    return -1;
  }

  /** Skips one JSON value of another member; returns the index after it, or -1 when it is broken. */
  private static int skipValue(byte[] buf, int i, int end, int depth) {
    if (depth > 32) {
      return -1;
    }
    byte b = buf[i];
    if (b == '"') {
      int e = stringEnd(buf, i + 1, end);
      return e < 0 ? -1 : e + 1;
    }
    if (b == '{' || b == '[') {
      byte close = b == '{' ? (byte) '}' : (byte) ']';
      i = skipSpace(buf, i + 1, end);
      while (i < end && buf[i] != close) {
        i = skipValue(buf, i, end, depth + 1);
        if (i < 0) {
          return -1;
        }
        i = skipSpace(buf, i, end);
        if (i < end && (buf[i] == ',' || buf[i] == ':')) {
          i = skipSpace(buf, i + 1, end);
        } else if (i < end && buf[i] != close) {
          return -1;
        }
      }
      return i < end ? i + 1 : -1;
    }
    int start = i;
    while (i < end && buf[i] != ',' && buf[i] != '}' && buf[i] != ']' && buf[i] != ' ' && buf[i] != ':') {
      i++;
    }
    return i > start ? i : -1;
  }

  /** Unescapes the string starting at {@code i} into the scratch buffer; its length, or -1 when it is broken. */
  private int unescape(byte[] buf, int i, int end) {
    int n = 0;
    while (i < end) {
      byte b = buf[i++];
      if (b == '"') {
        return n;
      }
      if (b != '\\') {
        scratch[n++] = b;
        continue;
      }
      if (i >= end) {
        return -1;
      }
      byte e = buf[i++];
      switch (e) {
        case '"', '\\', '/' -> scratch[n++] = e;
        case 'n' -> scratch[n++] = '\n';
        case 't' -> scratch[n++] = '\t';
        case 'r' -> scratch[n++] = '\r';
        case 'b' -> scratch[n++] = '\b';
        case 'f' -> scratch[n++] = '\f';
        case 'u' -> {
          int c = hex4(buf, i, end);
          if (c < 0) {
            return -1;
          }
          i += 4;
          if (c >= 0xD800 && c <= 0xDBFF && i + 6 <= end && buf[i] == '\\' && buf[i + 1] == 'u') {
            int low = hex4(buf, i + 2, end);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          n = putCodePoint(c, n);
        }
        default -> {
          return -1;
        }
      }
    }
    return -1;
  }

  /** UTF-8 of a code point; a lone surrogate becomes U+FFFD, as Go's encoder would have written it. */
  private int putCodePoint(int c, int n) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c < 0x80) {
      scratch[n++] = (byte) c;
    } else if (c < 0x800) {
      scratch[n++] = (byte) (0xC0 | c >> 6);
      scratch[n++] = (byte) (0x80 | c & 0x3F);
    } else if (c < 0x10000) {
      scratch[n++] = (byte) (0xE0 | c >> 12);
      scratch[n++] = (byte) (0x80 | c >> 6 & 0x3F);
      scratch[n++] = (byte) (0x80 | c & 0x3F);
    } else {
      scratch[n++] = (byte) (0xF0 | c >> 18);
      scratch[n++] = (byte) (0x80 | c >> 12 & 0x3F);
      scratch[n++] = (byte) (0x80 | c >> 6 & 0x3F);
      scratch[n++] = (byte) (0x80 | c & 0x3F);
    }
    return n;
  }

  private static int hex4(byte[] buf, int i, int end) {
    if (i + 4 > end) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(buf[i + k], 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }
}
