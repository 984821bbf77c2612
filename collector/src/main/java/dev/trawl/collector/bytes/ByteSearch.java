package dev.trawl.collector.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finds a byte in an array eight bytes at a time: every line's newline and CRI separators are found this way. */
public final class ByteSearch {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private ByteSearch() {}

  /**
   * The first {@code target} in {@code b[from, end)}, or -1. The lowest byte the zero-byte trick
   * flags is exact (its borrows only carry upwards), so the first flagged byte is the answer.
   */
  public static int indexOf(byte[] b, int from, int end, byte target) {
    long pattern = ONES * (target & 0xff);
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i) ^ pattern;
      long zero = (x - ONES) & ~x & HIGHS;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (b[i] == target) {
        return i;
      }
    }
    return -1;
  }
}
