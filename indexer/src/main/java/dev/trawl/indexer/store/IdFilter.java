package dev.trawl.indexer.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * A blocked bloom filter of {@code _id} terms: whether a partition might hold an id, answered
 * with one hash and one cache line. All of an id's bits sit in one 512-bit block, so a lookup
 * costs one memory access however large the filter grows; at twelve bits an id about one new id
 * in two hundred is answered "maybe". Holds {@link #capacity} ids at that rate; more are taken
 * with a rising rate of maybes. Not thread-safe.
 */
final class IdFilter {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int BITS_PER_ID = 12;
  /** Bits set per id: seven nine-bit positions in its block, from 63 bits of its hash. */
  private static final int PROBES = 7;
  private static final int BLOCK_LONGS = 8;

  private final long[] words;
  private final long blocks;
  private final long capacity;
  private long count;

  IdFilter(long capacity) {
    this.capacity = Math.max(1, capacity);
    this.blocks = Math.max(1, (this.capacity * BITS_PER_ID + 511) / 512);
    this.words = new long[Math.toIntExact(blocks * BLOCK_LONGS)];
  }

  /** Ids it takes before its rate of false maybes rises above its design. */
  long capacity() {
    return capacity;
  }

  boolean full() {
    return count >= capacity;
  }

  long ramBytes() {
    return RamUsageEstimator.sizeOf(words);
  }

  void add(BytesRef id) {
    long hash = hash(id.bytes, id.offset, id.length);
    int base = block(hash);
    for (int probe = 0; probe < PROBES; probe++) {
      int bit = (int) (hash >>> (9 * probe)) & 511;
      words[base + (bit >>> 6)] |= 1L << bit;
    }
    count++;
  }

  /** False when {@code id} was never added; true when it was, or by chance. */
  boolean mightContain(BytesRef id) {
    long hash = hash(id.bytes, id.offset, id.length);
    int base = block(hash);
    for (int probe = 0; probe < PROBES; probe++) {
      int bit = (int) (hash >>> (9 * probe)) & 511;
      if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The first word of the block a hash selects, from bits its probes do not use. */
  private int block(long hash) {
    long mixed = mix(hash ^ 0x243F6A8885A308D3L);
    return (int) Math.multiplyHigh(mixed & Long.MAX_VALUE, blocks << 1) * BLOCK_LONGS;
  }

  /** A 64-bit hash of bytes, eight at a time, finished with MurmurHash3's mixer. */
  static long hash(byte[] bytes, int offset, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    int i = offset;
    int end = offset + length;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      h = Long.rotateLeft(h ^ mix((long) LONGS.get(bytes, i)), 29) * 0xBF58476D1CE4E5B9L;
    }
    long last = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      last |= (bytes[i] & 0xFFL) << shift;
    }
    return mix(h ^ mix(last ^ 0x94D049BB133111EBL));
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }
}
