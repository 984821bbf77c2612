package dev.trawl.indexer.store;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.ArrayUtil;

/**
 * A run of stored fields, as Lucene's stored-fields writer lays them out for its compressor,
 * regrouped field by field and back, byte for byte. Lucene writes each document's fields one after
 * the other (a field's number and type, its length, its bytes), so a block interleaves every
 * document's {@code _id} with its source; the compressor then pays, for each document, a reference
 * to the previous source across the id between them. Grouped, each field's values follow one
 * another and the sources of one shape repeat at a fixed distance.
 *
 * <p>Only strings and byte arrays carry their length; a run holding another kind of value (a
 * number, which Trawl never stores) is not regrouped. Columns layout: the number of columns and
 * each column's field (number and type); the number of fields and the column of each, in order;
 * each column's value lengths; each column's values.
 */
final class StoredFieldColumns {
  /** Lucene 9's stored-fields serialization: the low bits of a field's header are its value's type. */
  private static final int TYPE_BITS = 3;
  private static final int TYPE_MASK = (1 << TYPE_BITS) - 1;
  private static final int STRING = 0;
  private static final int BYTES = 1;
  /** A column's index is one byte. */
  private static final int MAX_COLUMNS = 256;
  /** The most bytes {@link #group} writes beyond the fields' own: the columns' fields and counts. */
  static final int MAX_GROUPING_OVERHEAD = MAX_COLUMNS * 10 + 16;

  private StoredFieldColumns() {}

  /**
   * Where each field of {@code bytes[0, length)} ends, in order; null when the run holds a value
   * without a length, more fields than fit, or does not parse.
   */
  static int[] fieldEnds(byte[] bytes, int length) {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes, 0, length);
    int[] ends = new int[16];
    int count = 0;
    try {
      while (in.getPosition() < length) {
        int headerStart = in.getPosition();
        long header = in.readVLong();
        int type = (int) (header & TYPE_MASK);
        if (type != STRING && type != BYTES || in.getPosition() - headerStart != varLength(header)) {
          return null;
        }
        int lengthStart = in.getPosition();
        int valueLength = in.readVInt();
        if (valueLength < 0 || valueLength > length - in.getPosition() || in.getPosition() - lengthStart != varLength(valueLength)) {
          return null;
        }
        in.skipBytes(valueLength);
        ends = ArrayUtil.grow(ends, count + 1);
        ends[count++] = in.getPosition();
      }
    } catch (RuntimeException truncated) {
      return null;
    }
    return in.getPosition() == length ? Arrays.copyOf(ends, count) : null;
  }


  /**
   * The bytes Lucene's shortest encoding of {@code value} takes, which grouping writes back: a run
   * spelled otherwise (a slice of a huge document's block, cut mid-value, parsed by chance) is not
   * grouped, or it would not come back byte for byte.
   */
  private static int varLength(long value) {
    int bytes = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      bytes++;
    }
    return bytes;
  }

  /**
   * Writes the fields of {@code bytes[from, to)} (whole fields, as {@link #fieldEnds} found them)
   * grouped into {@code out}; returns false, having written nothing to rely on, when they have more
   * distinct fields than a column index can name.
   */
  static boolean group(byte[] bytes, int from, int to, ByteArrayDataOutput out) throws IOException {
    long[] keys = new long[4];
    int columns = 0;
    byte[] columnOf = new byte[16];
    int[] valueStart = new int[16];
    int[] valueLength = new int[16];
    int fields = 0;
    ByteArrayDataInput in = new ByteArrayDataInput(bytes, from, to - from);
    while (in.getPosition() < to) {
      long key = in.readVLong();
      int column = indexOf(keys, columns, key);
      if (column < 0) {
        if (columns == MAX_COLUMNS) {
          return false;
        }
        keys = ArrayUtil.grow(keys, columns + 1);
        keys[columns] = key;
        column = columns++;
      }
      int length = in.readVInt();
      columnOf = ArrayUtil.grow(columnOf, fields + 1);
      valueStart = ArrayUtil.grow(valueStart, fields + 1);
      valueLength = ArrayUtil.grow(valueLength, fields + 1);
      columnOf[fields] = (byte) column;
      valueStart[fields] = in.getPosition();
      valueLength[fields] = length;
      fields++;
      in.skipBytes(length);
    }
    out.writeVInt(columns);
    for (int c = 0; c < columns; c++) {
      out.writeVLong(keys[c]);
    }
    out.writeVInt(fields);
    out.writeBytes(columnOf, 0, fields);
    int[] byColumn = byColumn(columnOf, fields, columns);
    for (int f : byColumn) {
      out.writeVInt(valueLength[f]);
    }
    for (int f : byColumn) {
      out.writeBytes(bytes, valueStart[f], valueLength[f]);
    }
    return true;
  }

  /** The fields' indices, column by column, each column's in their order. */
  private static int[] byColumn(byte[] columnOf, int fields, int columns) {
    int[] next = new int[columns + 1];
    for (int f = 0; f < fields; f++) {
      next[(columnOf[f] & 0xFF) + 1]++;
    }
    for (int c = 1; c <= columns; c++) {
      next[c] += next[c - 1];
    }
    int[] order = new int[fields];
    for (int f = 0; f < fields; f++) {
      order[next[columnOf[f] & 0xFF]++] = f;
    }
    return order;
  }

  private static int indexOf(long[] keys, int count, long key) {
    for (int i = 0; i < count; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Writes the fields {@link #group} grouped into {@code grouped[0, groupedLength)} back in their
   * order into {@code out[offset, offset + length)}, which they must fill exactly.
   */
  static void ungroup(byte[] grouped, int groupedLength, byte[] out, int offset, int length) throws IOException {
    ByteArrayDataInput in = new ByteArrayDataInput(grouped, 0, groupedLength);
    int columns = in.readVInt();
    long[] keys = new long[columns];
    for (int c = 0; c < columns; c++) {
      keys[c] = in.readVLong();
    }
    int fields = in.readVInt();
    int columnsStart = in.getPosition();
    in.skipBytes(fields);
    int[] counts = new int[columns];
    for (int f = 0; f < fields; f++) {
      counts[grouped[columnsStart + f] & 0xFF]++;
    }
    int[][] lengths = new int[columns][];
    long[] valuesStart = new long[columns];
    long total = 0;
    for (int c = 0; c < columns; c++) {
      lengths[c] = new int[counts[c]];
      for (int v = 0; v < counts[c]; v++) {
        lengths[c][v] = in.readVInt();
      }
      valuesStart[c] = total;
      for (int v = 0; v < counts[c]; v++) {
        total += lengths[c][v];
      }
    }
    long values = in.getPosition();
    if (values + total != groupedLength) {
      throw new CorruptIndexException("grouped stored fields of " + groupedLength + " bytes hold " + (values + total), "stored fields");
    }
    ByteArrayDataOutput restored = new ByteArrayDataOutput(out, offset, length);
    int[] next = new int[columns];
    for (int f = 0; f < fields; f++) {
      int c = grouped[columnsStart + f] & 0xFF;
      int valueLength = lengths[c][next[c]++];
      restored.writeVLong(keys[c]);
      restored.writeVInt(valueLength);
      restored.writeBytes(grouped, (int) (values + valuesStart[c]), valueLength);
      valuesStart[c] += valueLength;
    }
    if (restored.getPosition() != offset + length) {
      throw new CorruptIndexException("grouped stored fields gave " + (restored.getPosition() - offset) + " bytes, expected " + length,
          "stored fields");
    }
  }
}
