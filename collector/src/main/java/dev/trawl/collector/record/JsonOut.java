package dev.trawl.collector.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that a document's JSON is written into by hand, with the escaping
 * RFC 8259 requires (quote, backslash and control characters; everything else, including
 * non-ASCII UTF-8, as is). The caller writes the structure, commas included. Kept for the life of
 * its writer, so a document costs no allocation once the buffer is large enough. Not
 * thread-safe.
 */
final class JsonOut {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** "00" to "99". */
  private static final byte[] DIGIT_PAIRS = new byte[200];
  /** 10^0 … 10^18: a number's digit count without dividing. */
  private static final long[] POWERS_OF_TEN = new long[19];
  /** 0: as is; 'u': a six-byte escape; otherwise the letter after the backslash. */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int n = 0; n < 100; n++) {
      DIGIT_PAIRS[2 * n] = (byte) ('0' + n / 10);
      DIGIT_PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
    }
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['\n'] = 'n';
    ESCAPE['\r'] = 'r';
    ESCAPE['\t'] = 't';
    ESCAPE['\b'] = 'b';
    ESCAPE['\f'] = 'f';
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
  }

  private byte[] buf = new byte[4096];
  private int size;

  void reset() {
    size = 0;
  }

  byte[] array() {
    return buf;
  }

  int size() {
    return size;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  JsonOut raw(byte b) {
    ensure(1);
    buf[size++] = b;
    return this;
  }

  JsonOut raw(byte[] b) {
    return raw(b, 0, b.length);
  }

  JsonOut raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  /** A quoted string from UTF-8 bytes (assumed valid). */
  JsonOut string(byte[] b, int off, int len) {
    // Worst case every byte becomes a six-byte escape.
    ensure(len * 6 + 2);
    byte[] out = buf;
    int o = size;
    out[o++] = '"';
    int end = off + len;
    int i = off;
    // Eight bytes are checked and copied at a time; in a word with a byte to escape, the bytes
    // before it stay copied and the escape is written over the rest, which is copied again.
    while (i + Long.BYTES <= end) {
      long word = (long) LONGS.get(b, i);
      LONGS.set(out, o, word);
      long special = specialBytes(word);
      if (special == 0) {
        i += Long.BYTES;
        o += Long.BYTES;
        continue;
      }
      int clean = Long.numberOfTrailingZeros(special) >>> 3;
      i += clean;
      o = escape(out, o + clean, b[i]);
      i++;
    }
    for (; i < end; i++) {
      int c = b[i];
      if (c < 0 || ESCAPE[c] == 0) {
        out[o++] = (byte) c;
      } else {
        o = escape(out, o, c);
      }
    }
    out[o++] = '"';
    size = o;
    return this;
  }

  /**
   * The high bit of each of eight bytes that may be a control character, a quote or a backslash
   * (bit tricks from "Bit Twiddling Hacks": a byte's high bit is set when it is below the bound, or
   * zero after the xor). Borrows can only flag bytes above a true one: zero means none, and the
   * lowest flagged byte is always a true one.
   */
  static long specialBytes(long eight) {
    long controls = (eight - 0x2020202020202020L) & ~eight;
    long quotes = eight ^ 0x2222222222222222L;
    long backslashes = eight ^ 0x5c5c5c5c5c5c5c5cL;
    long zeroQuote = (quotes - 0x0101010101010101L) & ~quotes;
    long zeroBackslash = (backslashes - 0x0101010101010101L) & ~backslashes;
    return (controls | zeroQuote | zeroBackslash) & 0x8080808080808080L;
  }

  /** Writes the escape of ASCII character {@code c} at {@code o}; returns where it ends. */
  private static int escape(byte[] out, int o, int c) {
    byte e = ESCAPE[c];
    out[o++] = '\\';
    out[o++] = e;
    if (e == 'u') {
      out[o++] = '0';
      out[o++] = '0';
      out[o++] = HEX[c >> 4];
      out[o++] = HEX[c & 0xf];
    }
    return o;
  }

  /** A quoted string; ASCII is written without an intermediate array. */
  JsonOut string(String s) {
    int len = s.length();
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return string(utf8, 0, utf8.length);
      }
    }
    ensure(len * 6 + 2);
    byte[] out = buf;
    int o = size;
    out[o++] = '"';
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (ESCAPE[c] == 0) {
        out[o++] = (byte) c;
      } else {
        o = escape(out, o, c);
      }
    }
    out[o++] = '"';
    size = o;
    return this;
  }

  /** Eight bytes, little endian. */
  JsonOut rawLong(long v) {
    ensure(Long.BYTES);
    LONGS.set(buf, size, v);
    size += Long.BYTES;
    return this;
  }

  /** Writes the non-negative {@code v} as exactly {@code width} digits (zeros in front) at {@code out[at]}; returns where they end. */
  static int padded(long v, int width, byte[] out, int at) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + width;
  }

  /** How many decimal digits the non-negative {@code v} has. */
  static int digitCount(long v) {
    int digits = 1;
    while (digits < POWERS_OF_TEN.length && v >= POWERS_OF_TEN[digits]) {
      digits++;
    }
    return digits;
  }

  /** Writes the decimal digits of the non-negative {@code v} at {@code out[at]}; returns where they end. */
  static int digits(long v, byte[] out, int at) {
    int end = at + digitCount(v);
    int i = end;
    // offsets are mostly below 2^31: int arithmetic, two digits per division, from a table
    for (; v > Integer.MAX_VALUE; v /= 100) {
      i = pair((int) (v % 100), out, i);
    }
    int n = (int) v;
    for (; n >= 100; n /= 100) {
      i = pair(n % 100, out, i);
    }
    if (n >= 10) {
      pair(n, out, i);
    } else {
      out[i - 1] = (byte) ('0' + n);
    }
    return end;
  }

  /** Writes the two digits of {@code n} (0–99) ending at {@code end}; returns where they start. */
  private static int pair(int n, byte[] out, int end) {
    out[end - 1] = DIGIT_PAIRS[2 * n + 1];
    out[end - 2] = DIGIT_PAIRS[2 * n];
    return end - 2;
  }

  /** The bytes of {@code s} as a quoted JSON string, for constants and values written many times. */
  static byte[] quoted(String s) {
    JsonOut out = new JsonOut();
    out.string(s);
    return Arrays.copyOf(out.buf, out.size);
  }

}
