package dev.trawl.indexer.wal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The documents of one bulk chunk, serialised for {@link Wal#append(WalBatch)}, which logs them as
 * one compressed entry. Reused chunk after chunk by the ingest thread.
 */
public final class WalBatch {
  private static final int INITIAL_BYTES = 128 * 1024;
  /** A chunk of huge documents may grow the buffer; beyond this it is not kept for the next. */
  static final int RETAINED_BYTES = 4 * 1024 * 1024;

  private byte[] bytes = new byte[INITIAL_BYTES];
  private int length;
  private int count;

  public void clear() {
    length = 0;
    count = 0;
    if (bytes.length > RETAINED_BYTES) {
      bytes = new byte[INITIAL_BYTES];
    }
  }

  public void add(String stream, String id, boolean create, byte[] source) {
    writeString(stream);
    writeString(id);
    ensure(1);
    bytes[length++] = (byte) (create ? 1 : 0);
    writeVarInt(source.length);
    ensure(source.length);
    System.arraycopy(source, 0, bytes, length, source.length);
    length += source.length;
    count++;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  int count() {
    return count;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** Hands each document of a serialised batch to {@code apply}, in order. */
  static void read(byte[] raw, int count, long position, Consumer<WalEntry> apply) {
    int[] at = {0};
    for (int i = 0; i < count; i++) {
      String stream = readString(raw, at);
      String id = readString(raw, at);
      boolean create = raw[at[0]++] != 0;
      int sourceLength = readVarInt(raw, at);
      byte[] source = Arrays.copyOfRange(raw, at[0], at[0] + sourceLength);
      at[0] += sourceLength;
      apply.accept(new WalEntry(position, stream, id, create, source));
    }
  }

  private void writeString(String s) {
    int n = s.length();
    int start = length;
    writeVarInt(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        length = start;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return;
      }
      bytes[length + i] = (byte) c;
    }
    length += n;
  }

  private void writeVarInt(int value) {
    ensure(5);
    while ((value & ~0x7F) != 0) {
      bytes[length++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[length++] = (byte) value;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  private static String readString(byte[] raw, int[] at) {
    int n = readVarInt(raw, at);
    String s = new String(raw, at[0], n, StandardCharsets.UTF_8);
    at[0] += n;
    return s;
  }

  private static int readVarInt(byte[] raw, int[] at) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = raw[at[0]++];
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }
}
